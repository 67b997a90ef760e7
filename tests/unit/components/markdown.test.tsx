// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { Markdown } from "@/components/chat/markdown";

function renderText(text: string) {
  const { container } = render(<Markdown text={text} />);
  return container;
}

describe("Markdown (message formatting)", () => {
  it("renders bold, italic, strikethrough and inline code", () => {
    const c = renderText("**bold** *italic* ~~gone~~ `x = 1`");
    expect(c.querySelector("strong")).toHaveTextContent("bold");
    expect(c.querySelector("em")).toHaveTextContent("italic");
    expect(c.querySelector("del")).toHaveTextContent("gone");
    expect(c.querySelector("code")).toHaveTextContent("x = 1");
  });

  it("renders fenced code blocks as scrollable monospace, lists and block quotes", () => {
    const c = renderText("```\nconst a = 1;\n  indented\n```\n\n- one\n- two\n\n1. first\n\n> quoted");
    const pre = c.querySelector("pre")!;
    expect(pre.textContent).toBe("const a = 1;\n  indented\n");
    expect(pre.className).toMatch(/overflow-auto/);
    expect(c.querySelectorAll("ul li")).toHaveLength(2);
    expect(c.querySelector("ol li")).toHaveTextContent("first");
    expect(c.querySelector("blockquote")).toHaveTextContent("quoted");
  });

  it("turns bare URLs and mailto into links that open safely in a new tab", () => {
    renderText("see https://example.com/a?b=1 or mail a@example.com or [docs](http://docs.example.org)");
    const links = screen.getAllByRole("link");
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "https://example.com/a?b=1",
      "mailto:a@example.com",
      "http://docs.example.org",
    ]);
    for (const a of links) {
      expect(a).toHaveAttribute("target", "_blank");
      expect(a).toHaveAttribute("rel", "noopener noreferrer nofollow ugc");
    }
  });

  it("keeps javascript:, data: and relative targets as text", () => {
    const c = renderText("[x](javascript:alert(1)) [y](data:text/html,hi) [z](/settings) <javascript:alert(2)>");
    expect(screen.queryAllByRole("link")).toHaveLength(0);
    expect(c.querySelector("[href], [src]")).toBeNull();
    expect(c).toHaveTextContent("x y z javascript:alert(2)");
  });

  it("never renders raw HTML", () => {
    const c = renderText('<img src=x onerror="alert(1)"> <b>raw</b> <script>alert(1)</script>\n\n<div onclick="x()">block</div>');
    expect(c.querySelector("img, script, b, div[onclick]")).toBeNull();
    expect(c.innerHTML).not.toMatch(/onerror|onclick|<script/);
  });

  it("shows images as links rather than loading them", () => {
    const c = renderText("![pixel](https://tracker.example/p.gif)");
    expect(c.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: "pixel" })).toHaveAttribute("href", "https://tracker.example/p.gif");
  });

  it("keeps single line breaks of chat text", () => {
    const c = renderText("line one\nline two");
    const p = c.querySelector("p")!;
    expect(p.textContent).toBe("line one\nline two");
    expect(p.className).toMatch(/whitespace-pre-wrap/);
  });
});
