import {
  Divider,
  Flex,
  Heading,
  ProgressBar,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { callApi } from '../lib/api.js';
import { teamCardSchema, type TeamCard } from '../lib/contracts.js';
import { useApi } from '../lib/use-api.js';
import { CardStates, money, RISK_LABEL, SEVERITY_VARIANT } from './CardStates.js';

/** The Networking Team record card: members and roles, coverage, KPIs against targets, RoR, risks. */
export function NetworkingTeam() {
  const context = useExtensionContext<'crm.record.tab'>();
  const teamId = context.crm.objectId;
  const card = useApi(
    () => callApi('/api/team-card', teamCardSchema, { query: { teamId } }),
    [teamId],
  );
  return (
    <CardStates value={card} reload={card.reload} what="the Networking Team">
      {(data) => <TeamView data={data} />}
    </CardStates>
  );
}

const KPI_FORMAT = (name: string, value: number | null) =>
  value === null ? 'n/a' : name === 'Coverage' ? `${Math.round(value * 100)}%` : String(value);

function TeamView({ data }: { data: TeamCard }) {
  const targets = data.targets.covered.length + data.targets.uncovered.length;
  return (
    <Flex direction="column" gap="md">
      <Text>
        {data.team.purpose ?? ''}
        {data.team.goal ? ` Goal: ${data.team.goal.title}` : ' Not linked to a strategic goal.'}
      </Text>
      <Heading>Members and roles</Heading>
      <Table bordered={true}>
        <TableHead>
          <TableRow>
            <TableHeader>Networker</TableHeader>
            <TableHeader>Roles</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.members.map((m) => (
            <TableRow key={m.ownerId}>
              <TableCell>
                {m.name}
                {m.active ? '' : ' (left)'}
              </TableCell>
              <TableCell>{m.roles.map((r) => r.replaceAll('_', ' ')).join(', ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.issues.map((f) => (
        <Flex key={f.id} gap="xs" align="center">
          <Tag variant={SEVERITY_VARIANT[f.severity]}>{f.title}</Tag>
          <Text variant="microcopy">{f.message}</Text>
        </Flex>
      ))}
      <Divider />
      <Heading>Target stakeholders</Heading>
      <ProgressBar
        title="Covered (at least one thread)"
        value={data.targets.covered.length}
        maxValue={Math.max(1, targets)}
        valueDescription={`${data.targets.covered.length} of ${targets}`}
      />
      {data.targets.uncovered.length > 0 && (
        <Text>Not covered: {data.targets.uncovered.map((t) => t.name).join(', ')}</Text>
      )}
      <Heading>KPIs against targets</Heading>
      <Statistics>
        {data.kpis.map((k) => (
          <StatisticsItem key={k.name} label={k.name} number={KPI_FORMAT(k.name, k.value)}>
            <Text>target {KPI_FORMAT(k.name, k.target)}</Text>
          </StatisticsItem>
        ))}
      </Statistics>
      <Heading>Return-on-Relationship (12 months): {data.ror.value ?? 'n/a'}</Heading>
      <Text>
        Return {money(data.ror.returnTotal)} = sourced {money(data.ror.sourced)} + influenced{' '}
        {money(data.ror.influenced)} + introductions and referrals {money(data.ror.introductions)} (
        {data.ror.deals} deals)
      </Text>
      <Text>
        Investment {money(data.ror.investmentTotal)} = touches {money(data.ror.touchCost)} +
        activities {money(data.ror.activityCost)}
      </Text>
      {data.atRisk.length > 0 && (
        <>
          <Heading>At-risk relationships</Heading>
          {data.atRisk.map((a) => (
            <Text key={a.contactId}>
              {a.name}: {a.risks.map((r) => RISK_LABEL[r]).join(', ')}
            </Text>
          ))}
        </>
      )}
    </Flex>
  );
}
