import { sameRecord, type HubSpotRecordRef } from '../hubspot-url';
import type { RecordRef } from '../messages';
import type { PanelData } from '../panel-data';
import type { CurrentSession } from './session-memo';
import { trace } from './trace';

export interface PanelViewsDeps {
  session(): Promise<CurrentSession>;
  /** Loads the panel for `record` as `session` (its token, and only its token, is sent); `tabId` is for tracing. */
  load(session: CurrentSession, record: RecordRef, tabId: number | undefined): Promise<PanelData>;
  now?: () => number;
}

/**
 * How long a started view may still be joined after its answer came. The panel asks within
 * milliseconds of the URL change the background saw; an answer older than this is not served,
 * the panel's own request goes out instead.
 */
export const JOIN_WINDOW_MS = 1_000;

interface Started {
  session: CurrentSession;
  record: RecordRef;
  answer: Promise<PanelData>;
  settledAt: number | null;
}

/**
 * The panel's view request, started when the background sees a tab's URL turn to a record
 * (tabs.onUpdated), so it runs while the panel's own `panel.load` message is still on its way;
 * that message then joins it instead of sending a second request. One started view per tab,
 * joined at most once, and only by a `panel.load` from the same tab for the same record under the
 * same server and session token: another session's answer is never served (a session change
 * also drops every started view). Nothing is started when signed out.
 */
export function createPanelViews(deps: PanelViewsDeps) {
  const now = deps.now ?? (() => performance.now());
  const started = new Map<number, Started>();
  // The record each tab's URL last showed, so a URL change within the same record (a sub-tab, a
  // query) starts nothing: the panel, already showing that record, does not ask again either.
  const lastRecord = new Map<number, HubSpotRecordRef | null>();
  // Bumped by each URL change and each panel.load of a tab: a view whose start finds it moved on
  // (the panel asked first, its message overtaking the URL event) is not started at all.
  const turn = new Map<number, number>();
  const bump = (tabId: number) => {
    const t = (turn.get(tabId) ?? 0) + 1;
    turn.set(tabId, t);
    return t;
  };

  const joinable = (s: Started, session: CurrentSession, record: RecordRef) =>
    s.session.baseUrl === session.baseUrl &&
    s.session.token === session.token &&
    s.record.portalId === record.portalId &&
    s.record.objectTypeId === record.objectTypeId &&
    s.record.recordId === record.recordId &&
    (s.settledAt === null || now() - s.settledAt <= JOIN_WINDOW_MS);

  return {
    /**
     * Call with every URL a tab reports; starts the view when it turns to another record in a tab
     * whose panel is live (`panelLive`), the panel that will ask for it at once.
     */
    async onTabUrl(tabId: number, record: HubSpotRecordRef | null, panelLive: boolean): Promise<void> {
      const previous = lastRecord.get(tabId) ?? null;
      lastRecord.set(tabId, record);
      const mine = bump(tabId);
      if (sameRecord(previous, record)) return;
      // The tab moved on: what was started for its previous record is no longer wanted.
      started.delete(tabId);
      if (!record || !panelLive) return;
      const session = await deps.session();
      if (!session.token || turn.get(tabId) !== mine) return;
      const s: Started = { session, record, answer: deps.load(session, record, tabId), settledAt: null };
      trace('view.started', { tabId });
      started.set(tabId, s);
      void s.answer.then(() => {
        s.settledAt = now();
        trace('view.answered', { tabId });
      });
    },

    /** The panel's `panel.load`: joins the view started for this tab and record, or loads anew. */
    async load(tabId: number | undefined, record: RecordRef): Promise<PanelData> {
      trace('load.received', { tabId });
      if (tabId !== undefined) {
        // The panel shows this record now: a URL event for it that comes after this message
        // starts nothing (the panel will not ask again), nor does one already waiting for the session.
        lastRecord.set(tabId, record);
        bump(tabId);
      }
      const session = await deps.session();
      trace('load.session', { tabId });
      const s = tabId === undefined ? undefined : started.get(tabId);
      if (s && tabId !== undefined && joinable(s, session, record)) {
        started.delete(tabId);
        trace('load.joined', { tabId });
        return s.answer;
      }
      return deps.load(session, record, tabId);
    },

    /** The tab closed: forget it. */
    forgetTab(tabId: number) {
      started.delete(tabId);
      lastRecord.delete(tabId);
      turn.delete(tabId);
    },

    /** The server or session changed: no started view may be served. */
    clear() {
      started.clear();
    },
  };
}
export type PanelViews = ReturnType<typeof createPanelViews>;
