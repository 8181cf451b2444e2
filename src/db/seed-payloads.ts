import { demoDefinition } from './seed-demo-data.js';

/**
 * The JSON that generated organizations carry. `small` is the demo's (a definition of a few steps,
 * about 250 bytes); `realistic` is what a production workflow platform stores: definitions of 40
 * steps (10–15 kB) and execution input and output of 0.5–1 kB. Small payloads hide every column a
 * read loads but does not need, so the benchmark generates realistic ones.
 */
export type Payloads = 'small' | 'realistic';

const STEPS = 40;
const ACTIONS = ['http.request', 'transform', 'branch', 'slack.post', 'github.issue', 'delay', 'map', 'filter'];

function realisticStep(workflowName: string, index: number) {
  const action = ACTIONS[index % ACTIONS.length];
  return {
    id: `step-${index + 1}`,
    action,
    name: `${workflowName}: ${action} ${index + 1}`,
    next: index + 1 < STEPS ? [`step-${index + 2}`] : [],
    config: {
      url: `https://api.example.test/v2/tenants/{{tenant.id}}/resources/${index}?expand=owner,labels`,
      method: index % 3 === 0 ? 'POST' : 'GET',
      mapping: { id: '$.data.id', status: '$.data.attributes.status' },
    },
    retry: { attempts: 3, backoffMs: 500 * (1 + (index % 4)) },
    timeoutMs: 30_000,
  };
}

export function definitionOf(payloads: Payloads, workflowName: string, version: number) {
  if (payloads === 'small') return demoDefinition(workflowName, version);
  return {
    trigger: { type: 'webhook', path: `/hooks/${workflowName.toLowerCase().replaceAll(' ', '-')}`, secretRef: 'webhook-secret' },
    version,
    steps: Array.from({ length: STEPS }, (_, index) => realisticStep(workflowName, index)),
  };
}

/** About 0.6 kB: a customer and a few order lines, as a webhook would deliver them. */
function realisticInput(run: number) {
  return {
    run,
    customer: { id: `cus_${1000 + run}`, email: `customer${run}@example.test`, tier: run % 2 ? 'gold' : 'standard' },
    lines: Array.from({ length: 5 }, (_, n) => ({ sku: `SKU-${run}-${n}`, quantity: 1 + n, unitPrice: 9.99 + n, currency: 'EUR' })),
    source: { system: 'storefront', region: 'eu-west-1', receivedAt: '2026-12-01T10:00:00.000Z' },
  };
}

/** About 0.6 kB: what each step reported. */
function realisticOutput(run: number) {
  return {
    processed: run % 17,
    steps: Array.from({ length: 7 }, (_, n) => ({ id: `step-${n + 1}`, status: 'ok', durationMs: 40 + ((run + n) % 90), httpStatus: 200 })),
    summary: 'All steps completed; downstream systems acknowledged the order.',
  };
}

export function executionInputOf(payloads: Payloads, run: number) {
  return payloads === 'small' ? { run } : realisticInput(run);
}

export function executionOutputOf(payloads: Payloads, run: number) {
  return payloads === 'small' ? { processed: run % 17 } : realisticOutput(run);
}
