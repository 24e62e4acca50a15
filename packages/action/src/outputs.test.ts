import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationKind, Plan } from '@fargatekeeper/core';
import { parseOutputs } from '../test/runAction';
import { operations, planWith } from './__fixtures__/operations';
import { setPlanOutputs } from './outputs';

/** The outputs setPlanOutputs leaves in GITHUB_OUTPUT, as the runner reads them. */
async function outputsOf(plan: Plan): Promise<Record<string, string>> {
  const temp = mkdtempSync(join(tmpdir(), 'fk-outputs-'));
  const file = join(temp, 'output');
  writeFileSync(file, '');
  const saved = process.env.GITHUB_OUTPUT;
  process.env.GITHUB_OUTPUT = file;
  try {
    await setPlanOutputs(plan, temp);
  } finally {
    if (saved === undefined) delete process.env.GITHUB_OUTPUT;
    else process.env.GITHUB_OUTPUT = saved;
  }
  return parseOutputs(readFileSync(file, 'utf8'));
}

const counts = ['has-changes', 'creates', 'replaces', 'deletes', 'retags', 'adopts', 'role-deletes'] as const;
const none = {
  'has-changes': 'false',
  creates: '0',
  replaces: '0',
  deletes: '0',
  retags: '0',
  adopts: '0',
  'role-deletes': '0',
};

/** What a plan of one operation of each kind gives, against a plan of nothing. */
const expected: Record<OperationKind, Partial<typeof none>> = {
  create: { 'has-changes': 'true', creates: '1' },
  replace: { 'has-changes': 'true', replaces: '1' },
  'adopt-in-place': { 'has-changes': 'true', adopts: '1' },
  'adopt-by-replace': { 'has-changes': 'true', adopts: '1' },
  retag: { 'has-changes': 'true', retags: '1' },
  // The fixture's profile had a default role: it goes with it.
  'delete-profile': { 'has-changes': 'true', deletes: '1', 'role-deletes': '1' },
  // A role alone is no profile deleted.
  'delete-role': { 'has-changes': 'true', 'role-deletes': '1' },
  // Waiting for a profile an earlier apply is still creating changes nothing (the plan's hasChanges).
  wait: {},
  'no-op': {},
  unmanaged: {},
};

describe('setPlanOutputs', () => {
  it.each(Object.entries(expected))('a plan with a %s operation', async (kind, changed) => {
    const outputs = await outputsOf(planWith(operations[kind as OperationKind]));
    expect(Object.fromEntries(counts.map(name => [name, outputs[name]]))).toEqual({ ...none, ...changed });
  });

  it('adds up a plan of every kind, and writes the plan JSON the plan-json output names', async () => {
    const plan = planWith(...Object.values(operations));
    const outputs = await outputsOf(plan);
    expect(outputs).toMatchObject({
      'has-changes': 'true',
      creates: '1',
      replaces: '1',
      deletes: '1',
      retags: '1',
      adopts: '2',
      'role-deletes': '2',
    });
    expect(outputs.fingerprint).toBe(plan.fingerprint);
    expect(JSON.parse(readFileSync(outputs['plan-json']!, 'utf8'))).toMatchObject({
      formatVersion: 2,
      summary: plan.summary,
    });
  });
});
