import { describe, expect, it } from 'vitest';
import { readPipelineRules, writePipelineRules } from '../../../backend/services/access/pipeline-rules-store';
import { describeEngines } from '../helpers/engines';

/** Admin pipeline rules (0018) per workspace, portal and object: never read across any of them. */

const restricted = { pipelineId: '811122', access: 'restricted' as const, teamIds: ['301'], userIds: ['5002'] };

describeEngines('pipeline rules store', (ectx) => {
  describe.sequential('rules', () => {
    it('keeps workspaces, portals and objects apart', async () => {
      const db = ectx.db.handle.db;
      await writePipelineRules(db, 'w1', '1001', '0-3', { allUnrestricted: false, rules: [restricted] }, 'm1', 1);
      await writePipelineRules(db, 'w1', '1001', '0-5', { allUnrestricted: true, rules: [] }, 'm1', 1);
      // The same workspace after connecting another portal, and another workspace on the first portal's ids.
      await writePipelineRules(db, 'w1', '2002', '0-3', { allUnrestricted: true, rules: [] }, 'm1', 1);
      await writePipelineRules(db, 'w2', '1001', '0-3', { allUnrestricted: false, rules: [{ ...restricted, access: 'everyone', teamIds: [], userIds: [] }] }, 'm9', 1);
      const mine = await readPipelineRules(db, 'w1', '1001', '0-3');
      expect(mine.allUnrestricted).toBe(false);
      expect([...mine.rules.values()]).toEqual([restricted]);
      expect(await readPipelineRules(db, 'w1', '1001', '0-5')).toEqual({ allUnrestricted: true, rules: new Map() });
      expect(await readPipelineRules(db, 'w1', '2002', '0-3')).toEqual({ allUnrestricted: true, rules: new Map() });
      expect((await readPipelineRules(db, 'w2', '1001', '0-3')).rules.get('811122')?.access).toBe('everyone');
      expect(await readPipelineRules(db, 'w3', '1001', '0-3')).toEqual({ allUnrestricted: false, rules: new Map() });
    });

    it('a write replaces the object\'s rules in that portal; a hand-edited list that is not JSON admits nobody', async () => {
      const db = ectx.db.handle.db;
      await writePipelineRules(db, 'w1', '1001', '0-3', { allUnrestricted: false, rules: [{ pipelineId: 'default', access: 'everyone', teamIds: [], userIds: [] }] }, 'm1', 2);
      expect([...(await readPipelineRules(db, 'w1', '1001', '0-3')).rules.keys()]).toEqual(['default']);
      await writePipelineRules(db, 'w1', '1001', '0-3', { allUnrestricted: false, rules: [restricted] }, 'm1', 3);
      await db.updateTable('pipeline_access').set({ team_ids: 'not json' }).where('workspace_id', '=', 'w1').where('pipeline_id', '=', '811122').execute();
      expect((await readPipelineRules(db, 'w1', '1001', '0-3')).rules.get('811122')).toEqual({ ...restricted, teamIds: [] });
    });
  });
});
