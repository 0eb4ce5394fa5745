import type { PipelineAccess } from './object-permissions.js';

/**
 * Deal and ticket pipelines in HubSpot's Pipeline shape (`/crm/v3/pipelines/{objectType}`):
 * stages carry `metadata.probability` (deals, 0.0–1.0, plus `isClosed`) or `metadata.ticketState`
 * (tickets, OPEN/CLOSED). The default pipelines use HubSpot's own ids ("default" for deals,
 * "0" for tickets) and stage ids; others get numeric ids as HubSpot generates them.
 */

export type PipelineObject = 'deals' | 'tickets';

export interface PipelineStage {
  id: string;
  label: string;
  metadata: Record<string, string>;
}

export interface Pipeline {
  id: string;
  label: string;
  stages: PipelineStage[];
  /** Pipeline permissions (Enterprise): who may see its records; `null` when unrestricted. */
  access: PipelineAccess | null;
}

const dealStage = (id: string, label: string, probability: string): PipelineStage => ({
  id,
  label,
  metadata: { isClosed: String(probability === '1.0' || probability === '0.0'), probability },
});
const ticketStage = (id: string, label: string, state: 'OPEN' | 'CLOSED'): PipelineStage => ({ id, label, metadata: { ticketState: state } });

export const DEFAULT_DEAL_PIPELINE: Pipeline = {
  id: 'default',
  label: 'Sales Pipeline',
  access: null,
  stages: [
    dealStage('appointmentscheduled', 'Appointment Scheduled', '0.2'),
    dealStage('qualifiedtobuy', 'Qualified To Buy', '0.4'),
    dealStage('presentationscheduled', 'Presentation Scheduled', '0.6'),
    dealStage('decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'),
    dealStage('contractsent', 'Contract Sent', '0.9'),
    dealStage('closedwon', 'Closed Won', '1.0'),
    dealStage('closedlost', 'Closed Lost', '0.0'),
  ],
};

export const DEFAULT_TICKET_PIPELINE: Pipeline = {
  id: '0',
  label: 'Support Pipeline',
  access: null,
  stages: [ticketStage('1', 'New', 'OPEN'), ticketStage('2', 'Waiting on contact', 'OPEN'), ticketStage('3', 'Waiting on us', 'OPEN'), ticketStage('4', 'Closed', 'CLOSED')],
};

export function enterpriseDealPipeline(teamIds: number[]): Pipeline {
  return {
    id: '811122',
    label: 'Enterprise deals',
    access: { teamIds, userIds: [] },
    stages: [dealStage('811123', 'Discovery', '0.1'), dealStage('811124', 'Negotiation', '0.5'), dealStage('811125', 'Won', '1.0'), dealStage('811126', 'Lost', '0.0')],
  };
}

/** The property naming a record's pipeline and its stage, per object. */
export const PIPELINE_PROPERTIES: Record<PipelineObject, { pipeline: string; stage: string }> = {
  deals: { pipeline: 'pipeline', stage: 'dealstage' },
  tickets: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
};

export function isPipelineObject(kind: string): kind is PipelineObject {
  return kind === 'deals' || kind === 'tickets';
}

export function findStage(pipeline: Pipeline, stageId: string): PipelineStage | undefined {
  return pipeline.stages.find((s) => s.id === stageId);
}
