/** Hands the studio store to the component tree; components read it with selectors. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StudioActions, StudioState, StudioStore } from './studio-store';

const StoreContext = createContext<StudioStore | null>(null);

export function StudioStoreProvider({ store, children }: { store: StudioStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio outside StudioStoreProvider');
  return store;
}

/** A slice of the store; the component re-renders only when the slice changes (Object.is). */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioStore(), selector);
}

/** The store's actions (a stable object). */
export function useStudioActions(): StudioActions {
  return useStore(useStudioStore(), (s) => s.actions);
}
