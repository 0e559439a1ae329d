-- Reverts 0001: drops the documents table (and every stored document with it).
DROP TABLE IF EXISTS factwire.documents;
