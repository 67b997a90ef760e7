// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GroupPanel } from "@/components/chat/group-panel";
import { alice, bob, carol, member, summary } from "./fixtures";

const group = summary({ id: "g1", type: "group", name: "Launch crew", members: [member(alice, "admin"), member(bob), member(carol)] });

function renderPanel(meId: string) {
  const handlers = {
    onClose: vi.fn(),
    onRename: vi.fn().mockResolvedValue(undefined),
    onAdd: vi.fn().mockResolvedValue(undefined),
    onRemove: vi.fn().mockResolvedValue(undefined),
    onLeave: vi.fn().mockResolvedValue(undefined),
  };
  render(<GroupPanel conversation={group} meId={meId} search={async () => []} {...handlers} />);
  return { ...handlers, user: userEvent.setup() };
}

describe("GroupPanel", () => {
  it("lists members with their roles", () => {
    renderPanel(bob.id);
    const rows = screen.getAllByTestId("group-member");
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Alice Smith.*Admin/),
      expect.stringMatching(/Bob Jones \(you\).*Member/),
      expect.stringMatching(/Carol King.*Member/),
    ]);
  });

  it("lets an admin rename, remove others and add people", async () => {
    const { user, onRename, onRemove } = renderPanel(alice.id);
    const name = screen.getByLabelText("Group name");
    await user.clear(name);
    await user.type(name, "Launch team");
    await user.click(screen.getByRole("button", { name: "Rename" }));
    expect(onRename).toHaveBeenCalledWith("Launch team");
    expect(await screen.findByText("Group renamed.")).toBeInTheDocument();

    expect(within(screen.getAllByTestId("group-member")[0]).queryByRole("button")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Remove Carol King" }));
    expect(onRemove).toHaveBeenCalledWith(carol.id);
    expect(screen.getByRole("button", { name: "Add people" })).toBeInTheDocument();
  });

  it("gives a plain member no admin controls, but lets them leave after confirming", async () => {
    const { user, onLeave } = renderPanel(bob.id);
    expect(screen.queryByRole("button", { name: "Rename" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add people" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Leave group" }));
    expect(onLeave).not.toHaveBeenCalled();
    const confirm = screen.getByRole("alertdialog", { name: "Leave group?" });
    await user.click(within(confirm).getByRole("button", { name: "Leave group" }));
    expect(onLeave).toHaveBeenCalledOnce();
  });

  it("shows why an action failed", async () => {
    const { user, onRemove } = renderPanel(alice.id);
    onRemove.mockRejectedValueOnce(new Error("Only admins can remove members"));
    await user.click(screen.getByRole("button", { name: "Remove Bob Jones" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Only admins can remove members");
  });
});
