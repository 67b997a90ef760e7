// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { initials } from "@/components/ui/avatar";
import { LoginForm } from "@/components/auth/login-form";


describe("rough edges", () => {
  it("an emoji in a group name becomes a whole emoji initial, not a broken half", () => {
    expect(initials("🇫🇷 Paris office")).toBe("🇫🇷");
    expect(initials("👩‍💻 Devs")).toBe("👩‍💻");
    expect(initials("🚀")).toBe("🚀");
    expect(initials("Alice Smith")).toBe("AS");
    expect(initials("élodie")).toBe("É");
  });

  it("the sign-in page puts focus in the username field", () => {
    render(<LoginForm submit={vi.fn()} />);
    expect(screen.getByLabelText("Username")).toHaveFocus();
  });
});
