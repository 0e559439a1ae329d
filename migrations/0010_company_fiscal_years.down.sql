DROP TABLE factwire.company_fiscal_years;
