import { nextStepReactivity } from './next-step-reactivity';

describe('nextStepReactivity', () => {
  const table = { critical: '1h', high: '4h', medium: '24h', low: '72h' };

  it("takes the organization table's time for the new priority when the reactivity came from that table", () => {
    expect(nextStepReactivity('organization', table, 'critical', 4 * 3_600_000)).toBe(3_600_000);
  });

  it("keeps a rule's, the metadata's or an unchanged reactivity, and a task that never escalates by time", () => {
    expect(nextStepReactivity('rule', table, 'critical', 7_200_000)).toBeNull();
    expect(nextStepReactivity('metadata', table, 'critical', 7_200_000)).toBeNull();
    expect(nextStepReactivity('organization', table, 'critical', 3_600_000)).toBeNull();
    expect(nextStepReactivity('organization', table, 'critical', null)).toBeNull();
    expect(nextStepReactivity('organization', {}, 'critical', 7_200_000)).toBeNull();
  });
});
