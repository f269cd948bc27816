package dev.mayfly.snp.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The file operations the configfs-tsm provider needs; tests substitute a fake kernel. */
interface TsmIo {
  boolean isDirectory(Path dir);

  void mkdir(Path dir) throws IOException;

  void rmdir(Path dir) throws IOException;

  void write(Path file, byte[] data) throws IOException;

  /** The file's bytes; empty when the file does not exist (auxblob without certificates). */
  byte[] read(Path file) throws IOException;

  /** The real file system (configfs creates the entry's files on mkdir). */
  TsmIo NIO = new TsmIo() {
    @Override
    public boolean isDirectory(Path dir) {
      return Files.isDirectory(dir);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
      Files.createDirectory(dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
      Files.delete(dir);
    }

    @Override
    public void write(Path file, byte[] data) throws IOException {
      Files.write(file, data);
    }

    @Override
    public byte[] read(Path file) throws IOException {
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return new byte[0];
      }
    }
  };
}
