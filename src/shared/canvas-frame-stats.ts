/**
 * What the tree canvas's last frame showed, read through the test build's canvas hook by the
 * canvas benchmark (tools/bench-canvas.ts) and the e2e suite: one definition for the renderer
 * and its readers (docs/ARCHITECTURE.md, "Opening a big tree").
 */
export interface FrameStats {
  /** performance.now() when the frame's draw calls returned (or finished, with frameLog). */
  at: number;
  frame: number;
  /** Cards on the canvas and how many show their face; the same for the on-screen ones. */
  cards: number;
  images: number;
  visibleCards: number;
  /** On-screen cards not drawn yet (their atlas page is not uploaded). */
  visibleMissing: number;
  visibleImages: number;
}
