import {
  Alert,
  Box,
  Button,
  Divider,
  EmptyState,
  Flex,
  Heading,
  ProgressBar,
  Select,
  Tag,
  Text,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import { callApi, ApiFailure } from '../lib/api.js';
import {
  actionResultSchema,
  contactCardSchema,
  type ContactAction,
  type ContactCard,
} from '../lib/contracts.js';
import { useApi } from '../lib/use-api.js';
import {
  CardStates,
  GRADE_VARIANT,
  RISK_LABEL,
  SEVERITY_VARIANT,
  TREND_ARROW,
} from './CardStates.js';

/** The contact sidebar card: who knows this person, how well, the risks and the fixes. */
export function ContactRelationships() {
  const context = useExtensionContext<'crm.record.sidebar'>();
  const contactId = context.crm.objectId;
  const [page, setPage] = useState(1);
  const card = useApi(
    () =>
      callApi('/api/contact-card', contactCardSchema, {
        query: { contactId, ...(page > 1 ? { page } : {}) },
      }),
    [contactId, page],
  );
  return (
    <CardStates value={card} reload={card.reload} what="relationships">
      {(data) => (
        <RelationshipsView
          data={data}
          contactId={contactId}
          onChanged={card.reload}
          onPage={setPage}
        />
      )}
    </CardStates>
  );
}

function RelationshipsView({
  data,
  contactId,
  onChanged,
  onPage,
}: {
  data: ContactCard;
  contactId: number;
  onChanged: () => void;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(data.totalKnowers / data.pageSize));
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [successor, setSuccessor] = useState<number | null>(data.successors[0]?.ownerId ?? null);

  const act = async (action: ContactAction, label: string) => {
    setBusy(label);
    try {
      const result = await callApi('/api/contact-card/actions', actionResultSchema, {
        method: 'POST',
        query: { contactId },
        body: action,
      });
      setNotice({ ok: true, text: result.message });
      if (result.status === 'done') onChanged();
    } catch (error) {
      setNotice({
        ok: false,
        text: error instanceof ApiFailure ? error.message : 'The action failed.',
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex direction="column" gap="sm">
      {notice && (
        <Alert title={notice.ok ? 'Done' : 'Not done'} variant={notice.ok ? 'success' : 'error'}>
          {notice.text}
        </Alert>
      )}
      {data.risks.length > 0 && (
        <Flex gap="xs" wrap="wrap">
          {data.risks.map((r) => (
            <Tag key={r} variant={r === 'ownerMismatch' ? 'warning' : 'error'}>
              {RISK_LABEL[r]}
            </Tag>
          ))}
        </Flex>
      )}
      <Heading>Who knows {data.contact.name}</Heading>
      {data.knowers.length === 0 ? (
        <EmptyState title="Nobody yet" layout="vertical">
          <Text>No networker has a logged touch with this contact.</Text>
        </EmptyState>
      ) : (
        data.knowers.map((k) => (
          <Box key={k.ownerId}>
            <Flex justify="between" align="center">
              <Text format={{ fontWeight: 'bold' }}>
                {k.name}
                {k.active ? '' : ' (left)'}
              </Text>
              <Tag variant={GRADE_VARIANT[k.grade]}>
                {k.grade} {TREND_ARROW[k.trend]}
              </Tag>
            </Flex>
            <ProgressBar
              value={k.score}
              maxValue={100}
              valueDescription={`${Math.round(k.score)}/100`}
            />
            <Text variant="microcopy">{k.reason}</Text>
            {k.roles.length > 0 && (
              <Text variant="microcopy">
                {k.roles.map((r) => `${r.kind.replaceAll('_', ' ')}, ${r.teamName}`).join(' · ')}
              </Text>
            )}
          </Box>
        ))
      )}
      {pages > 1 && (
        <Flex gap="xs" align="center">
          <Button size="xs" disabled={data.page <= 1} onClick={() => onPage(data.page - 1)}>
            Previous
          </Button>
          <Text variant="microcopy">
            page {data.page} of {pages} ({data.totalKnowers} colleagues)
          </Text>
          <Button size="xs" disabled={data.page >= pages} onClick={() => onPage(data.page + 1)}>
            Next
          </Button>
        </Flex>
      )}
      {data.teams.length > 0 && (
        <>
          <Divider />
          <Heading>Networking Teams</Heading>
          {data.teams.map((t) => (
            <Text key={t.teamId}>
              {t.name}
              {t.goal ? ` — goal: ${t.goal.title}` : ''}
            </Text>
          ))}
        </>
      )}
      {data.findings.length > 0 && (
        <>
          <Divider />
          <Heading>Data hygiene</Heading>
          {data.findings.map((f) => (
            <Box key={f.id}>
              <Flex justify="between" align="center">
                <Text format={{ fontWeight: 'bold' }}>{f.title}</Text>
                <Tag variant={SEVERITY_VARIANT[f.severity]}>{f.severity}</Tag>
              </Flex>
              <Text variant="microcopy">
                {f.message}. {f.fixHint}
              </Text>
              <Flex gap="xs">
                {f.fix && (
                  <Button
                    size="xs"
                    variant="primary"
                    disabled={busy !== null}
                    onClick={() => act({ action: 'apply_fix', findingId: f.id }, `fix-${f.id}`)}
                  >
                    {f.fix.description}
                  </Button>
                )}
                <Button
                  size="xs"
                  disabled={busy !== null}
                  onClick={() =>
                    act({ action: 'mark_reviewed', findingId: f.id }, `review-${f.id}`)
                  }
                >
                  Mark reviewed
                </Button>
              </Flex>
            </Box>
          ))}
        </>
      )}
      <Divider />
      <Flex direction="column" gap="xs">
        {!data.viewer.knows && (
          <Button disabled={busy !== null} onClick={() => act({ action: 'i_know' }, 'i_know')}>
            I know this person
          </Button>
        )}
        {!data.viewer.knows && data.introducer && (
          <Button
            disabled={busy !== null}
            onClick={() => act({ action: 'request_introduction' }, 'intro')}
          >
            Request introduction from {data.introducer.name}
          </Button>
        )}
        {data.viewer.isOwner && data.successors.length > 0 && (
          <Flex gap="xs" align="end">
            <Select
              label="Hand over to"
              name="successor"
              {...(successor === null ? {} : { value: successor })}
              options={data.successors.map((s) => ({
                label: `${s.name} (${Math.round(s.score)})`,
                value: s.ownerId,
              }))}
              onChange={(v) => setSuccessor(Number(v))}
            />
            <Button
              disabled={busy !== null || successor === null}
              onClick={async () => {
                if (successor !== null)
                  await act({ action: 'hand_over', successorOwnerId: successor }, 'handover');
              }}
            >
              Hand over
            </Button>
          </Flex>
        )}
      </Flex>
    </Flex>
  );
}
