// @vitest-environment jsdom
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BrowseChannelsDialog } from "@/components/chat/browse-channels-dialog";
import { ChatStoreProvider } from "@/components/chat/store/context";
import { ChatStore } from "@/components/chat/store/chat-store";
import type { ChannelSummary } from "@/lib/chat/types";
import { alice } from "./fixtures";

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

const channel = (over: Partial<ChannelSummary>): ChannelSummary => ({
  id: "ch1",
  name: "Release train",
  visibility: "public",
  memberCount: 3,
  createdAt: "2025-03-01T10:00:00.000Z",
  joined: false,
  ...over,
});

describe("BrowseChannelsDialog", { timeout: 20_000 }, () => {
  it("filters by name, shows member counts, joins one and opens it", async () => {
    const list = vi.fn(async (q: string) =>
      [channel({}), channel({ id: "ch2", name: "Random", memberCount: 1, joined: true })].filter((c) => c.name.toLowerCase().includes(q.toLowerCase())),
    );
    const store = new ChatStore(alice);
    const join = vi.spyOn(store, "joinChannel").mockResolvedValue();
    const onClose = vi.fn();
    render(
      <ChatStoreProvider value={store}>
        <BrowseChannelsDialog open onClose={onClose} list={list} />
      </ChatStoreProvider>,
    );
    expect(await screen.findByText("# Release train")).toBeInTheDocument();
    expect(screen.getByText("3 members")).toBeInTheDocument();
    expect(screen.getByText("1 member · you are a member")).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Find a channel"), "rel");
    await waitFor(() => expect(screen.queryByText("# Random")).not.toBeInTheDocument());
    expect(list).toHaveBeenLastCalledWith("rel");
    await user.click(screen.getByRole("button", { name: "Join Release train" }));
    await waitFor(() => expect(push).toHaveBeenCalledWith("/chat/ch1"));
    expect(join).toHaveBeenCalledWith("ch1");
    expect(onClose).toHaveBeenCalled();
  });

  it("opens a channel you are in without joining again", async () => {
    const store = new ChatStore(alice);
    const join = vi.spyOn(store, "joinChannel").mockResolvedValue();
    const list = vi.fn(async (q: string) => (q ? [] : [channel({ joined: true })]));
    render(
      <ChatStoreProvider value={store}>
        <BrowseChannelsDialog open onClose={() => {}} list={list} />
      </ChatStoreProvider>,
    );
    await userEvent.setup().click(await screen.findByRole("button", { name: "Open Release train" }));
    await waitFor(() => expect(push).toHaveBeenCalledWith("/chat/ch1"));
    expect(join).not.toHaveBeenCalled();
  });
});
