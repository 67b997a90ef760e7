// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MessageItem, type MessageItemProps } from "@/components/chat/message-item";
import { message } from "./fixtures";

function renderItem(props: Partial<MessageItemProps> = {}) {
  const handlers = {
    onStartEdit: vi.fn(),
    onCancelEdit: vi.fn(),
    onSaveEdit: vi.fn().mockResolvedValue(undefined),
    onDelete: vi.fn().mockResolvedValue(undefined),
    onRetry: vi.fn(),
    onDiscard: vi.fn(),
  };
  render(
    <ul>
      <MessageItem message={message({ seq: 3, text: "Hello Bob" })} senderName="Bob Jones" isOwn={false} {...handlers} {...props} />
    </ul>,
  );
  return { ...handlers, user: userEvent.setup(), item: screen.getByTestId("message") };
}

describe("MessageItem", () => {
  it("shows sender, time and text of someone else's message, without actions", () => {
    const { item } = renderItem();
    expect(within(item).getByText("Bob Jones")).toBeInTheDocument();
    expect(within(item).getByText("Hello Bob")).toBeInTheDocument();
    expect(item.querySelector("time")).toHaveAttribute("datetime", "2025-03-01T10:00:00.000Z");
    expect(within(item).queryByText("edited")).not.toBeInTheDocument();
    expect(within(item).queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
  });

  it("distinguishes your own message and offers edit and delete", () => {
    const { item } = renderItem({ isOwn: true });
    expect(within(item).getByText("You")).toBeInTheDocument();
    expect(within(item).getByRole("button", { name: "Edit" })).toBeInTheDocument();
    expect(within(item).getByRole("button", { name: "Delete" })).toBeInTheDocument();
  });

  it("marks an edited message", () => {
    renderItem({ message: message({ seq: 3, text: "Fixed typo", editedAt: "2025-03-01T10:05:00.000Z" }) });
    expect(screen.getByText("Fixed typo")).toBeInTheDocument();
    expect(screen.getByTestId("edited-marker")).toHaveTextContent("edited");
  });

  it("shows a tombstone for a deleted message, with no text and no actions", () => {
    const { item } = renderItem({
      isOwn: true,
      message: message({ seq: 3, text: null, deletedAt: "2025-03-01T10:06:00.000Z", editedAt: "2025-03-01T10:05:00.000Z" }),
    });
    expect(within(item).getByText("This message was deleted")).toBeInTheDocument();
    expect(within(item).queryByText("edited")).not.toBeInTheDocument();
    expect(within(item).queryByRole("button")).not.toBeInTheDocument();
    expect(item).toHaveAttribute("data-status", "deleted");
  });

  it("edits inline: Enter saves the new text", async () => {
    const { user, onSaveEdit } = renderItem({ isOwn: true, isEditing: true });
    const box = screen.getByRole("textbox", { name: "Edit message" });
    expect(box).toHaveValue("Hello Bob");
    expect(box).toHaveFocus();
    await user.clear(box);
    await user.type(box, "Hello Robert{Enter}");
    expect(onSaveEdit).toHaveBeenCalledExactlyOnceWith("Hello Robert");
  });

  it("edits inline: Esc cancels", async () => {
    const { user, onCancelEdit, onSaveEdit } = renderItem({ isOwn: true, isEditing: true });
    await user.type(screen.getByRole("textbox", { name: "Edit message" }), " draft{Escape}");
    expect(onCancelEdit).toHaveBeenCalledOnce();
    expect(onSaveEdit).not.toHaveBeenCalled();
  });

  it("refuses to save an empty edit and shows why; shows a server error", async () => {
    const onSaveEdit = vi.fn().mockRejectedValueOnce(new Error("Message not found"));
    const { user } = renderItem({ isOwn: true, isEditing: true, onSaveEdit });
    const box = screen.getByRole("textbox", { name: "Edit message" });
    await user.clear(box);
    await user.keyboard("{Enter}");
    expect(onSaveEdit).not.toHaveBeenCalled();
    expect(screen.getByText(/cannot be empty/)).toBeInTheDocument();
    await user.type(box, "new");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Message not found")).toBeInTheDocument();
    expect(box).toHaveAttribute("aria-invalid", "true");
  });

  it("asks for confirmation before deleting", async () => {
    const { user, onDelete } = renderItem({ isOwn: true });
    await user.click(screen.getByRole("button", { name: "Delete" }));
    const confirm = screen.getByRole("alertdialog", { name: /delete this message/i });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(confirm).getByRole("button", { name: "Delete" }));
    expect(onDelete).toHaveBeenCalledOnce();
  });

  it("Esc dismisses the delete confirmation", async () => {
    const { user, onDelete } = renderItem({ isOwn: true });
    await user.click(screen.getByRole("button", { name: "Delete" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(onDelete).not.toHaveBeenCalled();
  });

  it("shows a pending message as sending, then a failed one with retry", async () => {
    const pending = message({ seq: 99, text: "On its way" });
    const { user, onRetry } = renderItem({ isOwn: true, message: pending, delivery: { status: "failed", error: "You appear to be offline." } });
    expect(screen.getByRole("alert")).toHaveTextContent("Not sent. You appear to be offline.");
    expect(screen.queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("shows Sending… while pending", () => {
    renderItem({ isOwn: true, delivery: { status: "pending", error: null } });
    expect(screen.getByTestId("message-pending")).toHaveTextContent("Sending…");
    expect(screen.getByTestId("message")).toHaveAttribute("data-status", "pending");
  });
});
