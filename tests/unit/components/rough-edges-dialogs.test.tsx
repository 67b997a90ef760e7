// @vitest-environment jsdom
import { useState } from "react";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GroupPanel } from "@/components/chat/group-panel";
import { initials } from "@/components/ui/avatar";
import { Modal } from "@/components/ui/modal";
import type { ConversationSummary } from "@/lib/chat/types";
import { alice, bob, member, summary } from "./fixtures";

describe("dialogs start in their first field", () => {
  // jsdom has no showModal(); Chromium's moves focus to the first focusable element (the close button).
  beforeEach(() => {
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.setAttribute("open", "");
      this.querySelector<HTMLElement>("button, input")?.focus();
    };
  });
  afterEach(() => {
    delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).showModal;
  });

  it("focuses the search / name field, not the close button", () => {
    const { rerender } = render(
      <Modal open={false} onClose={() => {}} title="New group">
        <label>
          Group name <input />
        </label>
      </Modal>,
    );
    rerender(
      <Modal open onClose={() => {}} title="New group">
        <label>
          Group name <input />
        </label>
      </Modal>,
    );
    expect(screen.getByLabelText("Group name")).toHaveFocus();
  });
});

describe("renaming a group", () => {
  const start = summary({ id: "g1", type: "group", name: "Launch crew", members: [member(alice, "admin"), member(bob)] });

  /** Like the real store: a successful rename comes back as a new conversation object with the new name. */
  function Harness({ external }: { external?: (rename: (name: string) => void) => void }) {
    const [conversation, setConversation] = useState<ConversationSummary>(start);
    external?.((name) => setConversation((c) => ({ ...c, name })));
    return (
      <GroupPanel
        conversation={conversation}
        meId={alice.id}
        search={async () => []}
        onClose={vi.fn()}
        onAdd={vi.fn()}
        onRemove={vi.fn()}
        onLeave={vi.fn()}
        onRename={async (name) => setConversation((c) => ({ ...c, name }))}
      />
    );
  }

  it('says "Group renamed." after the new name has arrived', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const field = screen.getByLabelText("Group name");
    await user.clear(field);
    await user.type(field, "Launch team");
    await user.click(screen.getByRole("button", { name: "Rename" }));
    expect(await screen.findByText("Group renamed.")).toBeInTheDocument();
    expect(screen.getByLabelText("Group name")).toHaveValue("Launch team");
  });

  it("shows a rename by someone else, unless I am editing the name", async () => {
    let renameFromElsewhere: (name: string) => void = () => {};
    const user = userEvent.setup();
    const { rerender } = render(<Harness external={(r) => (renameFromElsewhere = r)} />);
    await vi.waitFor(() => renameFromElsewhere("Crew 2"));
    rerender(<Harness external={(r) => (renameFromElsewhere = r)} />);
    expect(await screen.findByDisplayValue("Crew 2")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Group name"), "!");
    renameFromElsewhere("Crew 3");
    rerender(<Harness external={(r) => (renameFromElsewhere = r)} />);
    expect(screen.getByLabelText("Group name")).toHaveValue("Crew 2!");
  });
});

describe("avatar initials", () => {
  it("an emoji at the end of a name is not half an initial", () => {
    expect(initials("Launch crew 🚀")).toBe("LC");
    expect(initials("Launch 🚀")).toBe("L");
    expect(initials("🚀 Launch crew")).toBe("🚀");
  });
});
