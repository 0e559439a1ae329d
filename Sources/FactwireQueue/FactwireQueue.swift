// FactwireQueue
