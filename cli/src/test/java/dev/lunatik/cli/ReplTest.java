package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The REPL through piped input (the plain reader): prompts go to stdout, errors to stderr. */
class ReplTest {
    private static Cli.Result repl(String input) {
        return new Cli().stdin(input).run("lua", "-i");
    }

    @Test
    void expressionsArePrintedAndStatementsRun() {
        Cli.Result r = repl("x = 40\nx + 2\n");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> > 42\n> \n");
    }

    @Test
    void multipleResultsUsePrintFormatting() {
        Cli.Result r = repl("1, nil, 'a'\n= 3\n");
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> 1\tnil\ta\n> 3\n> \n");
    }

    @Test
    void incompleteStatementsContinue() {
        Cli.Result r = repl("for i = 1, 2 do\nprint(i)\nend\n");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> >> >> 1\n2\n> \n");
    }

    @Test
    void errorsAreReportedWithoutProgramNameAndTheLoopGoesOn() {
        Cli.Result r = repl("error('boom')\nprint('after')\n");
        assertThat(r.status()).isZero();
        assertThat(r.err()).startsWith("stdin:1: boom\nstack traceback:\n");
        assertThat(r.out()).endsWith("> after\n> \n");
    }

    @Test
    void syntaxErrorIsReportedOnce() {
        Cli.Result r = repl("x = = 1\n");
        assertThat(r.err()).isEqualTo("stdin:1: unexpected symbol near '='\n");
    }

    @Test
    void endOfInputInsideAStatementReportsIt() {
        Cli.Result r = repl("if true then\n");
        assertThat(r.err()).isEqualTo("stdin:1: 'end' expected near <eof>\n");
        // like lua.c: after the report, the next prompt meets the end of input
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> >> > \n");
    }

    @Test
    void promptsComeFromGlobals() {
        Cli.Result r = new Cli().stdin("_PROMPT = 'lua% '\n_PROMPT2 = '...'\nif true then\nend\n").run("lua", "-i");
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> lua% lua% ...lua% \n");
    }

    @Test
    void terminalWithoutScriptStartsTheRepl() {
        Cli.Result r = new Cli().tty().stdin("1 + 1\n").run("lua");
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> 2\n> \n");
    }

    @Test
    void interactiveAfterScriptSeesItsGlobals() {
        String s = Cli.script("setg.lua", "g = 'set by script'\n");
        Cli.Result r = new Cli().stdin("g\n").run("lua", "-i", s);
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n> set by script\n> \n");
    }
}
