import {
  Alert,
  Button,
  Flex,
  Heading,
  Input,
  NumberInput,
  Select,
  Tab,
  Tabs,
  Text,
  TextArea,
  Toggle,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import { ApiFailure, callApi } from '../lib/api.js';
import { settingsViewSchema, type SettingsView } from '../lib/contracts.js';
import { useApi } from '../lib/use-api.js';
import { CardStates } from './CardStates.js';
import { Dashboard } from './SettingsDashboard.js';
import { z } from 'zod';

type Doc = Record<string, unknown>;
const TOUCH_TYPES = ['meeting', 'call', 'email_in', 'email_out', 'note', 'event'] as const;

const get = (doc: Doc, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Doc)[k] : undefined), doc);
const set = (doc: Doc, path: string, value: unknown): Doc => {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return doc;
  return {
    ...doc,
    [head]:
      rest.length === 0 ? value : set((doc[head] as Doc | undefined) ?? {}, rest.join('.'), value),
  };
};

/** The Manager of the Network's page: strategy, targets, metric weights, rules, alerts and the dashboard. */
export function Settings() {
  const view = useApi(() => callApi('/api/settings', settingsViewSchema), []);
  return (
    <CardStates value={view} reload={view.reload} what="the settings">
      {(data) => <SettingsEditor data={data} onSaved={view.reload} />}
    </CardStates>
  );
}

function SettingsEditor({ data, onSaved }: { data: SettingsView; onSaved: () => void }) {
  const [draft, setDraft] = useState<Doc>(data.settings);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const readOnly = !data.canEdit;

  const field = (path: string) => ({
    name: path,
    readOnly,
    ...(errors[path] ? { error: true, validationMessage: errors[path] } : {}),
  });
  const num = (
    path: string,
    label: string,
    extra: { min?: number; max?: number; precision?: number } = {},
  ) => (
    <NumberInput
      key={path}
      label={label}
      {...field(path)}
      value={Number(get(draft, path) ?? 0)}
      {...extra}
      onChange={(v) => setDraft((d) => set(d, path, v))}
    />
  );
  const text = (path: string, label: string) => (
    <Input
      key={path}
      label={label}
      {...field(path)}
      value={String(get(draft, path) ?? '')}
      onChange={(v) => setDraft((d) => set(d, path, v))}
    />
  );

  const save = async () => {
    setSaving(true);
    setStatus(null);
    try {
      const saved = await callApi('/api/settings', z.object({ version: z.number() }), {
        method: 'PUT',
        body: { expectedVersion: data.version, settings: draft, ...(note ? { note } : {}) },
      });
      setErrors({});
      setStatus({
        ok: true,
        text: `Saved as version ${saved.version}. The audit is running with the new settings.`,
      });
      onSaved();
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : undefined;
      setErrors(Object.fromEntries((failure?.fields ?? []).map((f) => [f.path, f.message])));
      setStatus({ ok: false, text: failure?.message ?? 'Saving failed.' });
    } finally {
      setSaving(false);
    }
  };

  const goals =
    (get(draft, 'goals') as { id: string; title: string; description: string }[] | undefined) ?? [];
  const rules =
    (get(draft, 'hygiene.rules') as
      Record<string, { enabled: boolean; severity?: string }> | undefined) ?? {};

  return (
    <Flex direction="column" gap="md">
      {readOnly && (
        <Alert title="Read only" variant="info">
          Only the Manager of the Network can change these settings.
        </Alert>
      )}
      {status && (
        <Alert title={status.ok ? 'Saved' : 'Not saved'} variant={status.ok ? 'success' : 'error'}>
          {status.text}
        </Alert>
      )}
      <Tabs defaultSelected="dashboard">
        <Tab tabId="dashboard" title="Dashboard">
          <Dashboard data={data} />
        </Tab>
        <Tab tabId="strategy" title="Vision and goals">
          <TextArea
            label="Networking vision"
            {...field('vision')}
            value={String(get(draft, 'vision') ?? '')}
            onChange={(v) => setDraft((d) => set(d, 'vision', v))}
          />
          <TextArea
            label="Strategy"
            {...field('strategy')}
            value={String(get(draft, 'strategy') ?? '')}
            onChange={(v) => setDraft((d) => set(d, 'strategy', v))}
          />
          <Heading>Strategic goals</Heading>
          {goals.map((g, i) => (
            <Flex key={g.id} direction="column" gap="xs">
              {text(`goals.${i}.title`, `Goal ${i + 1}`)}
              <Text variant="microcopy">
                Teams:{' '}
                {data.dashboard.teams
                  .filter((t) => t.goalId === g.id)
                  .map((t) => t.name)
                  .join(', ') || 'none — this goal has no network coverage'}
              </Text>
            </Flex>
          ))}
          {!readOnly && (
            <Button
              onClick={() =>
                setDraft((d) =>
                  set(d, 'goals', [
                    ...goals,
                    { id: `goal-${goals.length + 1}`, title: 'New goal', description: '' },
                  ]),
                )
              }
            >
              Add a goal
            </Button>
          )}
        </Tab>
        <Tab tabId="metrics" title="Targets and metrics">
          <Heading>KPI targets</Heading>
          {num('kpiTargets.coverage', 'Coverage (0–1)', { min: 0, max: 1, precision: 2 })}
          {num('kpiTargets.averageStrength', 'Average strength', { min: 0, max: 100 })}
          {num('kpiTargets.touchesPerNetworkerPerMonth', 'Touches per networker per month', {
            min: 0,
          })}
          {num('kpiTargets.newStrongTiesPerQuarter', 'New strong ties per quarter', { min: 0 })}
          {num('kpiTargets.hygieneScore', 'Hygiene score', { min: 0, max: 100 })}
          {num('kpiTargets.ror', 'Return-on-Relationship', { min: 0, precision: 1 })}
          <Heading>Relationship strength</Heading>
          {TOUCH_TYPES.map((t) =>
            num(`strength.weights.${t}`, `Weight of ${t.replace('_', ' ')}`, {
              min: 0,
              precision: 2,
            }),
          )}
          {num('strength.halfLifeDays', 'Half-life (days)', { min: 1 })}
          {num('strength.k', 'Saturation k', { min: 0.1, precision: 1 })}
          {num('strength.reciprocityCap', 'Cap without replies', { min: 0, max: 100 })}
          {num('strength.grades.strong', 'Strong from', { min: 0, max: 100 })}
          {num('strength.grades.familiar', 'Familiar from', { min: 0, max: 100 })}
          {num('strength.threadThreshold', 'Thread from', { min: 0, max: 100 })}
          {num('strength.coldThreshold', 'Cold below', { min: 0, max: 100 })}
          <Heading>Return-on-Relationship</Heading>
          {num('ror.sourcedWeight', 'Weight of sourced deals', { min: 0, max: 1, precision: 2 })}
          {num('ror.influencedWeight', 'Weight of influenced deals', {
            min: 0,
            max: 1,
            precision: 2,
          })}
          {num('ror.valuePerIntroduction', 'Value per introduction', { min: 0 })}
          {num('ror.valuePerReferral', 'Value per referral', { min: 0 })}
          {TOUCH_TYPES.map((t) =>
            num(`ror.costPerTouch.${t}`, `Cost per ${t.replace('_', ' ')}`, { min: 0 }),
          )}
        </Tab>
        <Tab tabId="rules" title="Hygiene rules">
          {num('hygiene.staleKeyStakeholderDays', 'Key stakeholder stale after (days)', { min: 1 })}
          {text('hygiene.phoneRegion', 'Country of numbers without a country code')}
          {data.rules.map((r) => (
            <Flex key={r.id} gap="sm" align="center">
              <Toggle
                label={r.title}
                name={`rule-${r.id}`}
                readOnly={readOnly}
                checked={rules[r.id]?.enabled ?? true}
                onChange={(on) =>
                  setDraft((d) => set(d, `hygiene.rules.${r.id}`, { ...rules[r.id], enabled: on }))
                }
              />
              <Select
                label="Severity"
                name={`severity-${r.id}`}
                readOnly={readOnly}
                value={rules[r.id]?.severity ?? r.severity}
                options={['low', 'medium', 'high'].map((s) => ({ label: s, value: s }))}
                onChange={(s) =>
                  setDraft((d) =>
                    set(d, `hygiene.rules.${r.id}`, {
                      enabled: rules[r.id]?.enabled ?? true,
                      severity: String(s),
                    }),
                  )
                }
              />
            </Flex>
          ))}
        </Tab>
        <Tab tabId="alerts" title="Alerts and schedules">
          {num('alerts.managerOwnerId', 'Manager of the Network (HubSpot owner id)', { min: 1 })}
          <Toggle
            label="Send digests"
            name="alerts.digestEnabled"
            readOnly={readOnly}
            checked={Boolean(get(draft, 'alerts.digestEnabled'))}
            onChange={(on) => setDraft((d) => set(d, 'alerts.digestEnabled', on))}
          />
          {text('schedules.timezone', 'Time zone')}
          {text('schedules.audit', 'Audit (cron)')}
          {text('schedules.snapshots', 'KPI snapshots (cron)')}
          {text('schedules.reconciliation', 'Reconciliation (cron)')}
          {text('schedules.digests', 'Digests (cron)')}
        </Tab>
        <Tab tabId="history" title="History">
          {data.history.map((h) => (
            <Text key={h.version}>
              Version {h.version},{' '}
              {new Date(h.changedAt).toISOString().slice(0, 16).replace('T', ' ')} by {h.changedBy}
              {h.note ? `: ${h.note}` : ''}
            </Text>
          ))}
        </Tab>
      </Tabs>
      {!readOnly && (
        <Flex gap="sm" align="end">
          <Input label="What changed (optional)" name="note" value={note} onChange={setNote} />
          <Button variant="primary" disabled={saving} onClick={save}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
