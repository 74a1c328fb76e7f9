package dev.lunatik.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus checker itself: it must pass good files and fail every kind of mismatch. */
class CorpusCheckTest {
    @TempDir
    Path dir;

    private Path script(String name, String source) throws IOException {
        Path p = dir.resolve(name + ".lua");
        Files.writeString(p, source);
        return p;
    }

    private void side(String name, String ext, String text) throws IOException {
        Files.writeString(dir.resolve(name + "." + ext), text);
    }

    @Test
    void passesMatchingOutput() throws IOException {
        Path p = script("ok", "print('a', 1)\n");
        side("ok", "expected", "a\t1\n");
        assertThatCode(() -> CorpusTest.check(p, "ok.lua")).doesNotThrowAnyException();
    }

    @Test
    void failsOnDifferentOutput() throws IOException {
        Path p = script("bad", "print('a')\n");
        side("bad", "expected", "b\n");
        assertThatThrownBy(() -> CorpusTest.check(p, "bad.lua")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("stdout");
    }

    @Test
    void passesMatchingErrorWithChunkNamePosition() throws IOException {
        Path p = script("err", "print('x')\nerror('boom')\n");
        side("err", "expected", "x\n");
        side("err", "error", "err.lua:2: boom\n");
        assertThatCode(() -> CorpusTest.check(p, "err.lua")).doesNotThrowAnyException();
    }

    @Test
    void failsOnDifferentErrorMessage() throws IOException {
        Path p = script("err2", "error('boom')\n");
        side("err2", "error", "err2.lua:1: bang\n");
        assertThatThrownBy(() -> CorpusTest.check(p, "err2.lua")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("error message");
    }

    @Test
    void failsOnUnexpectedError() throws IOException {
        Path p = script("surprise", "local t\nprint(t.x)\n");
        side("surprise", "expected", "");
        assertThatThrownBy(() -> CorpusTest.check(p, "surprise.lua")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("unexpected error").hasMessageContaining("surprise.lua:2:");
    }

    @Test
    void failsWhenTheExpectedErrorDoesNotHappen() throws IOException {
        Path p = script("calm", "print(1)\n");
        side("calm", "expected", "1\n");
        side("calm", "error", "calm.lua:1: never\n");
        assertThatThrownBy(() -> CorpusTest.check(p, "calm.lua")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ended normally");
    }

    @Test
    void failsWhenOutputIsUnexpectedAlongsideAnError() throws IOException {
        Path p = script("noisy", "print('noise')\nerror('e', 0)\n");
        side("noisy", "error", "e\n");
        assertThatThrownBy(() -> CorpusTest.check(p, "noisy.lua")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("stdout");
    }

    @Test
    void aScriptWithoutExpectationsIsAConfigurationError() throws IOException {
        Path p = script("bare", "print(1)\n");
        assertThatThrownBy(() -> CorpusTest.check(p, "bare.lua")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("configuration error");
    }
}
