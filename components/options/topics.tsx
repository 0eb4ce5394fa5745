import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** What an options card may depend on, and announce after changing it. */
export type Topic = 'install' | 'members' | 'identity' | 'properties';
export const ALL_TOPICS: readonly Topic[] = ['install', 'members', 'identity', 'properties'];

interface TopicsState {
  versions: Record<Topic, number>;
  announce(...topics: Topic[]): void;
}
export type Topics = StoreApi<TopicsState>;

/**
 * The options page's one record of what changed. Each card loads its own data, but reloads when a
 * topic it depends on is announced, so connecting HubSpot, inviting or linking someone shows up in
 * every card at once instead of after a page reload.
 */
export function createTopics(): Topics {
  return createStore<TopicsState>()((set, get) => ({
    versions: { install: 0, members: 0, identity: 0, properties: 0 },
    announce: (...topics) => {
      const versions = { ...get().versions };
      for (const t of topics) versions[t] += 1;
      set({ versions });
    },
  }));
}

export const TopicsContext = createContext<Topics>(createTopics());

/** A number that changes whenever one of `topics` is announced: put it in a load effect's deps. */
export function useTopicVersion(...topics: Topic[]): number {
  const store = useContext(TopicsContext);
  return useStore(store, (s) => topics.reduce((sum, t) => sum + s.versions[t], 0));
}

export function useAnnounce(): (...topics: Topic[]) => void {
  return useStore(useContext(TopicsContext), (s) => s.announce);
}
