import { type Envelope, createEnvelope } from '@orgo/contracts';

import { auditActor, auditCategory, auditDetails } from '../audit/audit-details';
import { AUDIT_INDEX_MAPPINGS, type IndexableEntry, auditIndexDocument } from './audit-index-document';

const IDENTITY = ['maya.jones@members.example', 'Maya Jones', '+44 20 7946 0958'];

/** An entry as AuditService.append writes it for an envelope: the trail's own path, nothing mocked. */
function entryOf(envelope: Envelope, seq = 1): IndexableEntry {
  const { taskId, emailId, label, details } = auditDetails(envelope);
  return {
    id: envelope.id,
    category: auditCategory(envelope.type),
    seq,
    at: '2026-12-01T10:00:00.000Z',
    organization: envelope.organizationId,
    action: envelope.type,
    actor: auditActor(envelope),
    correlationId: envelope.correlationId,
    taskId,
    emailId,
    label,
    details,
    erasedAt: null,
  };
}

function taskEvent(type: string, sensitive: boolean, event: Record<string, unknown>): Envelope {
  const task = {
    id: 't-1',
    key: 'NS-1',
    label: '11.63.HR.Policy',
    status: 'open',
    assignee: { position: '11.HR.Lead' },
    escalation: { level: 0 },
    source: { email_id: 'e-1' },
    reporter: sensitive ? 'Anon-7' : IDENTITY[0],
    sensitive,
  };
  const payload = {
    task,
    event: { id: 'ev-1', at: 'x', ...event },
    previous: null,
    assigneeHolders: [IDENTITY[0]],
    organizationName: 'Northside',
  };
  return createEnvelope(type, payload, {
    producer: 'task-service',
    organizationId: 'northside',
    correlationId: 'c-1',
  }) as Envelope;
}

describe('the audit index document of an entry', () => {
  it('holds what the trail holds under ECS names, and nothing of its hashes or keys', () => {
    const envelope = taskEvent('task.hr.created', false, {
      type: 'created',
      actor: 'rule-engine',
      data: { rule: 'hr-policy' },
    });
    const entry = entryOf(envelope, 42);
    const doc = auditIndexDocument({
      ...entry,
      hash: 'h',
      prevHash: 'p',
      keyId: 'a1',
      erasureMac: null,
    } as IndexableEntry);
    expect(doc).toEqual({
      '@timestamp': '2026-12-01T10:00:00.000Z',
      event: {
        id: envelope.id,
        kind: 'event',
        dataset: 'orgo.audit',
        category: 'task',
        action: 'task.hr.created',
        sequence: 42,
      },
      organization: { id: 'northside' },
      trace: { id: 'c-1' },
      orgo: {
        audit: { actor: 'rule-engine', details: entry.details, erased: false },
        task: { id: 't-1', label: '11.63.HR.Policy' },
        email: { id: 'e-1' },
      },
    });
    expect(JSON.stringify(doc)).not.toMatch(/"(hash|prevHash|keyId|erasureMac)"/);
  });

  it("never carries a sensitive reporter's address, name or reply text", () => {
    const events = [
      taskEvent('task.hr.created', true, {
        type: 'created',
        actor: 'Anon-7',
        data: { title: 'Policy question', from: IDENTITY[0], name: IDENTITY[1] },
      }),
      taskEvent('task.hr.reply_received', true, {
        type: 'reply_received',
        actor: 'Anon-7',
        data: { text: `call me on ${IDENTITY[2]}, ${IDENTITY[1]}`, applied: true },
      }),
    ];
    for (const envelope of events) {
      const json = JSON.stringify(auditIndexDocument(entryOf(envelope)));
      for (const value of IDENTITY) expect(json).not.toContain(value);
      expect(json).toContain('Anon-7');
    }
  });

  it('drops identity keys from the event data of a sensitive task even when an older trail kept them', () => {
    const entry = entryOf(taskEvent('task.hr.created', true, { type: 'created', actor: 'Anon-7', data: {} }));
    const legacy = {
      ...entry,
      details: {
        ...entry.details,
        data: { from: IDENTITY[0], reporter: IDENTITY[1], phone: IDENTITY[2], applied: true },
      },
    };
    const doc = auditIndexDocument(legacy);
    expect(doc.orgo.audit.details.data).toEqual({ applied: true });
    // The entry it was made from is left as it was.
    expect(legacy.details.data).toHaveProperty('from', IDENTITY[0]);
  });

  it('an erased entry keeps its links and says when it was erased', () => {
    const entry = entryOf(
      taskEvent('task.hr.created', false, { type: 'created', actor: 'rule-engine', data: {} }),
    );
    const erased = {
      ...entry,
      actor: '',
      taskId: null,
      emailId: null,
      label: null,
      details: {},
      erasedAt: '2027-12-01T00:00:00.000Z',
    };
    expect(auditIndexDocument(erased)).toEqual({
      '@timestamp': entry.at,
      event: expect.objectContaining({ id: entry.id, sequence: 1, action: 'task.hr.created' }),
      organization: { id: 'northside' },
      trace: { id: 'c-1' },
      orgo: { audit: { actor: '', details: {}, erased: true, erased_at: '2027-12-01T00:00:00.000Z' } },
    });
  });

  it('maps every field the document has, strictly', () => {
    const doc = auditIndexDocument({
      ...entryOf(taskEvent('task.hr.created', false, { type: 'created', actor: 'x', data: {} })),
      erasedAt: 'y',
    });
    const mapped = (
      value: Record<string, unknown>,
      mapping: { properties: Record<string, unknown> },
      prefix: string,
    ): void => {
      for (const [key, child] of Object.entries(value)) {
        const field = mapping.properties[key] as
          { properties?: Record<string, unknown>; type?: string } | undefined;
        expect([`${prefix}${key}`, field]).toEqual([`${prefix}${key}`, expect.anything()]);
        if (field?.properties)
          mapped(
            child as Record<string, unknown>,
            field as { properties: Record<string, unknown> },
            `${prefix}${key}.`,
          );
      }
    };
    mapped(
      doc as unknown as Record<string, unknown>,
      AUDIT_INDEX_MAPPINGS as unknown as { properties: Record<string, unknown> },
      '',
    );
    expect(AUDIT_INDEX_MAPPINGS.dynamic).toBe('strict');
  });
});
