package example.app;

/** The sample release's application. */
public final class App {
  private App() {}

  public static void main(String[] args) {
    System.out.println("sample release");
  }
}
