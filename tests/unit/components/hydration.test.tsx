// @vitest-environment jsdom
import { act } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { ChatStore } from "@/components/chat/store/chat-store";
import { ChatStoreProvider, useChatState } from "@/components/chat/store/context";
import type { api as realApi } from "@/components/chat/api";
import { alice, summary } from "./fixtures";

function Probe() {
  const status = useChatState((s) => s.listStatus);
  const count = useChatState((s) => Object.keys(s.conversations).length);
  return <p>{status === "loading" ? "Loading conversations…" : `${count} conversations`}</p>;
}

function app(store: ChatStore) {
  return (
    <ChatStoreProvider value={store}>
      <Probe />
    </ChatStoreProvider>
  );
}

describe("hydrating the chat store", () => {
  it("starts from what the server rendered even when data arrived before this part hydrated", async () => {
    // The server renders from an empty store.
    const html = renderToString(app(new ChatStore(alice)));
    const container = document.createElement("div");
    container.innerHTML = html;

    // In the browser the shell's list fetch resolves before the page below it hydrates.
    const api = { listConversations: () => Promise.resolve([summary({ id: "c1" })]) } as unknown as typeof realApi;
    const store = new ChatStore(alice, api, () => true);
    await store.loadConversations();

    const recoverable: unknown[] = [];
    await act(async () => {
      hydrateRoot(container, app(store), { onRecoverableError: (err) => recoverable.push(err) });
    });
    expect(recoverable).toEqual([]);
    // …and shows the live state right after.
    expect(container.textContent).toBe("1 conversations");
  });
});
