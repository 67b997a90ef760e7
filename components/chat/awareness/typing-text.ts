/** "Alice is typing…", "Alice and Bob are typing…", "Alice, Bob and 2 others are typing…". */
export function typingText(names: string[]): string {
  const first = (n: string) => n.split(" ")[0] || n;
  const [a, b] = names.map(first);
  if (names.length === 0) return "";
  if (names.length === 1) return `${a} is typing…`;
  if (names.length === 2) return `${a} and ${b} are typing…`;
  if (names.length === 3) return `${a}, ${b} and ${first(names[2])} are typing…`;
  return `${a}, ${b} and ${names.length - 2} others are typing…`;
}
