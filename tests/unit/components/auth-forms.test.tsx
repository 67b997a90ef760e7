// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LoginForm } from "@/components/auth/login-form";
import { RegisterForm } from "@/components/auth/register-form";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("LoginForm", () => {
  it("shows inline errors from the shared schema and does not submit", async () => {
    const submit = vi.fn();
    const user = userEvent.setup();
    render(<LoginForm submit={submit} />);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    const username = screen.getByLabelText("Username");
    expect(username).toHaveAttribute("aria-invalid", "true");
    expect(username).toHaveAccessibleDescription("Username is required");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Password is required");
    expect(username).toHaveFocus();
    expect(submit).not.toHaveBeenCalled();
  });

  it("clears an error as soon as the field is fixed", async () => {
    const user = userEvent.setup();
    render(<LoginForm submit={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await user.type(screen.getByLabelText("Username"), "alice");
    expect(screen.getByLabelText("Username")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByText("Username is required")).not.toBeInTheDocument();
  });

  it("shows a pending state, then the failure message", async () => {
    const result = deferred<{ error: string }>();
    const submit = vi.fn().mockReturnValue(result.promise);
    const user = userEvent.setup();
    render(<LoginForm submit={submit} />);
    await user.type(screen.getByLabelText("Username"), "  Alice ");
    await user.type(screen.getByLabelText("Password"), "wrong password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(submit).toHaveBeenCalledWith({ username: "alice", password: "wrong password" });
    expect(screen.getByRole("button", { name: "Signing in…" })).toBeDisabled();
    result.resolve({ error: "Wrong username or password." });
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong username or password.");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });
});

describe("RegisterForm", () => {
  it("validates every field with the shared schema", async () => {
    const submit = vi.fn();
    const user = userEvent.setup();
    render(<RegisterForm submit={submit} />);
    await user.type(screen.getByLabelText("Username"), "Al ice!");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
      expect.stringContaining("Username may contain only letters a–z, digits, _ . and -"),
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
      expect.stringContaining("Password must be at least 8 characters"),
    );
    expect(screen.getByLabelText("Display name (optional)")).not.toHaveAttribute("aria-invalid");
    expect(submit).not.toHaveBeenCalled();
  });

  it("requires a username of at least 3 characters", async () => {
    const user = userEvent.setup();
    render(<RegisterForm submit={vi.fn()} />);
    await user.type(screen.getByLabelText("Username"), "al");
    await user.type(screen.getByLabelText("Password"), "long enough password");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByText("Username must be at least 3 characters")).toBeInTheDocument();
  });

  it("submits parsed input, and shows a server-side field error such as a taken name", async () => {
    const submit = vi.fn().mockResolvedValue({ fieldErrors: { username: "That username is taken" } });
    const user = userEvent.setup();
    render(<RegisterForm submit={submit} />);
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Display name (optional)"), "Alice Smith");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(submit).toHaveBeenCalledWith({ username: "alice", displayName: "Alice Smith", password: "correct horse battery" });
    expect(await screen.findByText("That username is taken")).toBeInTheDocument();
    expect(screen.getByLabelText("Username")).toHaveFocus();
  });

  it("sends no display name when left empty", async () => {
    const submit = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(<RegisterForm submit={submit} />);
    await user.type(screen.getByLabelText("Username"), "bob");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(submit).toHaveBeenCalledWith({ username: "bob", password: "correct horse battery" });
    expect(screen.getByRole("button", { name: "Creating account…" })).toBeDisabled();
  });
});
