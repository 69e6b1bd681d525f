package io.neuroquantum.annealing.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommentedLinesTest {

  @Test
  void comments_and_blank_lines_are_left_out_and_each_line_keeps_its_number(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f.txt"), "# header\n\n  1 2  # trailing\n   \n#\n3,4\n");
    assertThat(CommentedLines.read(file, 1_000, size -> new IllegalStateException()))
        .containsExactly(new CommentedLines.Line(3, "1 2"), new CommentedLines.Line(6, "3,4"));
  }

  @Test
  void a_file_over_the_cap_is_refused_with_the_readers_own_error(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("big.txt"), "0123456789\n");
    assertThatThrownBy(() -> CommentedLines.read(file, 10, size -> new IllegalArgumentException(size + " bytes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("11 bytes");
    assertThat(CommentedLines.read(file, 11, size -> new IllegalStateException())).hasSize(1);
  }

  @Test
  void an_empty_file_has_no_lines(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("empty.txt"), "");
    assertThat(CommentedLines.read(file, 10, size -> new IllegalStateException())).isEqualTo(List.of());
  }
}
