/** A tiny typed event hub: subscribe returns its own unsubscribe. */
export class EventHub<E> {
  private readonly listeners = new Set<(e: E) => void>();

  subscribe(listener: (e: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // One broken listener (e.g. a closed socket) must not starve the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
