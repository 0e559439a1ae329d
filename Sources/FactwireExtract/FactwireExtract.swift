// FactwireExtract
