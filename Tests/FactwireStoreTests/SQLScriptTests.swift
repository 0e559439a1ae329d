import FactwireStore
import Testing

@Suite("SQL script splitting")
struct SQLScriptTests {
    @Test("splits on semicolons and drops empty and comment-only statements")
    func basic() {
        let script = """
            -- header comment; with a semicolon
            CREATE TABLE a (x int);

            /* block; comment */
            INSERT INTO a VALUES (1);
            ;
            -- trailing comment
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("CREATE TABLE a (x int)"))
        #expect(statements[1].hasSuffix("INSERT INTO a VALUES (1)"))
    }

    @Test("semicolons inside strings, identifiers and E-strings do not split")
    func quoted() {
        let script = #"SELECT 'a;b', 'it''s;', "odd;name", E'esc\';aped'; SELECT 2"#
        let statements = SQLScript.statements(in: script)
        #expect(statements == [#"SELECT 'a;b', 'it''s;', "odd;name", E'esc\';aped'"#, "SELECT 2"])
    }

    @Test("dollar-quoted function bodies stay whole, positional parameters are not tags")
    func dollarQuotes() {
        let script = """
            CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $fn$
            BEGIN
              PERFORM 1; RETURN $1 + 1;
            END;
            $fn$;
            DO $$ BEGIN RAISE NOTICE 'x;y'; END $$;
            SELECT $1, $2
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 3)
        #expect(statements[0].contains("RETURN $1 + 1;"))
        #expect(statements[0].hasSuffix("$fn$"))
        #expect(statements[1] == "DO $$ BEGIN RAISE NOTICE 'x;y'; END $$")
        #expect(statements[2] == "SELECT $1, $2")
    }

    @Test("nested block comments are skipped as a whole")
    func nestedComments() {
        let statements = SQLScript.statements(in: "/* a /* b; */ c; */ SELECT 1; SELECT 2")
        #expect(statements.count == 2)
        #expect(statements[1] == "SELECT 2")
    }
}
