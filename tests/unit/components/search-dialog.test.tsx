// @vitest-environment jsdom
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Highlighted, SearchDialog } from "@/components/chat/search-dialog";
import { SearchLauncher } from "@/components/chat/search-launcher";
import { ChatStoreProvider } from "@/components/chat/store/context";
import { ChatStore } from "@/components/chat/store/chat-store";
import type { SearchResult } from "@/lib/chat/search";
import { alice, bob, carol, message } from "./fixtures";

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

describe("Highlighted", { timeout: 20_000 }, () => {
  it("marks the matched start of each word, ignoring case and accents, in the original text", () => {
    const { container } = render(<Highlighted text="Le Café déploie; CAFETERIA closed" terms={["cafe", "deplo"]} />);
    expect([...container.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Café", "déplo", "CAFE"]);
    expect(container.textContent).toBe("Le Café déploie; CAFETERIA closed");
  });
});

describe("SearchDialog", { timeout: 20_000 }, () => {
  it("searches as you type, shows conversation, sender and highlighted text, and opens a result in context", async () => {
    const result: SearchResult = {
      message: message({ seq: 42, id: "m42", conversationId: "g1", text: "the release is out", senderId: bob.id }),
      conversation: { id: "g1", type: "group", name: "Launch" },
    };
    const search = vi.fn(async () => ({ results: [result], senders: [bob], nextCursor: null }));
    const store = new ChatStore(alice);
    const reveal = vi.spyOn(store, "reveal").mockImplementation(() => {});
    const onClose = vi.fn();
    render(
      <ChatStoreProvider value={store}>
        <SearchDialog open onClose={onClose} search={search} />
      </ChatStoreProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Search for words/), "relea");
    const list = await screen.findByRole("list", { name: "Search results" });
    expect(search).toHaveBeenLastCalledWith("relea");
    expect(within(list).getByText("Launch")).toBeInTheDocument();
    expect(within(list).getByText("Bob Jones")).toBeInTheDocument();
    expect(list.querySelector("mark")?.textContent).toBe("relea");
    expect(screen.getByRole("status")).toHaveTextContent("1 message found");
    await user.click(within(list).getByRole("button"));
    expect(onClose).toHaveBeenCalled();
    expect(push).toHaveBeenCalledWith("/chat/g1");
    expect(reveal).toHaveBeenCalledWith("g1", 42, "m42");
  });

  it("pages on with More results while there are more", async () => {
    const hit = (seq: number): SearchResult => ({
      message: message({ seq, id: `m${seq}`, conversationId: "g1", text: `release ${seq}`, senderId: seq > 1 ? bob.id : carol.id }),
      conversation: { id: "g1", type: "group", name: "Launch" },
    });
    const search = vi.fn(async (_q: string, before?: string) =>
      before === "c2" ? { results: [hit(2), hit(1)], senders: [bob, carol], nextCursor: null } : { results: [hit(3), hit(2)], senders: [bob], nextCursor: "c2" },
    );
    render(
      <ChatStoreProvider value={new ChatStore(alice)}>
        <SearchDialog open onClose={() => {}} search={search} />
      </ChatStoreProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Search for words/), "release");
    await screen.findByRole("list", { name: "Search results" });
    expect(screen.getByRole("status")).toHaveTextContent("2+ messages found");
    await user.click(screen.getByRole("button", { name: "More results" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("3 messages found"));
    expect(search).toHaveBeenLastCalledWith("release", "c2");
    const list = screen.getByRole("list", { name: "Search results" });
    expect(within(list).getAllByRole("button").map((b) => b.textContent)).toEqual([
      expect.stringContaining("release 3"),
      expect.stringContaining("release 2"),
      expect.stringContaining("release 1"),
    ]);
    expect(within(list).getByText("Carol King")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "More results" })).not.toBeInTheDocument();
  });

  it("opens with Ctrl+K and with the Search button", async () => {
    const store = new ChatStore(alice);
    render(
      <ChatStoreProvider value={store}>
        <SearchLauncher />
      </ChatStoreProvider>,
    );
    expect(screen.queryByLabelText(/Search for words/)).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.keyboard("{Control>}k{/Control}");
    await waitFor(() => expect(screen.getByLabelText(/Search for words/)).toBeInTheDocument());
  });
});
