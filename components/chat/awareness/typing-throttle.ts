/** Clients renew "typing" at most this often (the server forgets it 6 s after the last one). */
export const TYPING_RENEW_MS = 3_000;

/**
 * Decides when the composer tells the server "typing": on input with text, at most once per
 * RENEW_MS; "stopped" at once when the text is cleared; nothing after a send (the message itself
 * clears it on the server).
 */
export class TypingThrottle {
  private lastSent = -Infinity;
  private active = false;

  constructor(
    private readonly send: (typing: boolean) => void,
    private readonly clock: () => number = Date.now,
    private readonly renewMs = TYPING_RENEW_MS,
  ) {}

  input(text: string) {
    const now = this.clock();
    if (text.trim() === "") {
      if (this.active) this.send(false);
      this.active = false;
      this.lastSent = -Infinity;
      return;
    }
    if (this.active && now - this.lastSent < this.renewMs) return;
    this.active = true;
    this.lastSent = now;
    this.send(true);
  }

  sent() {
    this.active = false;
    this.lastSent = -Infinity;
  }
}
