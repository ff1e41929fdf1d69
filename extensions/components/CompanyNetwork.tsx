import {
  BarChart,
  EmptyState,
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { callApi } from '../lib/api.js';
import { companyCardSchema, type CompanyCard } from '../lib/contracts.js';
import { useApi } from '../lib/use-api.js';
import { CardStates, pct } from './CardStates.js';

/** The company record card: how well the organization covers this account, and through whom. */
export function CompanyNetwork() {
  const context = useExtensionContext<'crm.record.tab'>();
  const companyId = context.crm.objectId;
  const card = useApi(
    () => callApi('/api/company-card', companyCardSchema, { query: { companyId } }),
    [companyId],
  );
  return (
    <CardStates value={card} reload={card.reload} what="the account network">
      {(data) => <AccountNetwork data={data} />}
    </CardStates>
  );
}

function AccountNetwork({ data }: { data: CompanyCard }) {
  if (data.coverage.contacts === 0)
    return (
      <EmptyState title="Account network" layout="vertical">
        <Text>No contact of {data.company.name} is in Rapport yet.</Text>
      </EmptyState>
    );
  return (
    <Flex direction="column" gap="md">
      <Statistics>
        <StatisticsItem label="Stakeholders with a thread" number={pct(data.coverage.share)}>
          <Text>
            {data.coverage.threaded} of {data.coverage.contacts} contacts
          </Text>
        </StatisticsItem>
        <StatisticsItem label="Held by the top networker" number={pct(data.concentration.topShare)}>
          <Text>
            {data.concentration.topOwner ?? 'nobody'} · {data.concentration.strongTies} strong ties
            · HHI {data.concentration.hhi}
          </Text>
        </StatisticsItem>
        <StatisticsItem label="Single-threaded" number={String(data.singleThreaded.length)}>
          <Text>key stakeholders known by one networker</Text>
        </StatisticsItem>
      </Statistics>
      <Heading>Networkers who know {data.company.name}</Heading>
      <Table bordered={true}>
        <TableHead>
          <TableRow>
            <TableHeader>Networker</TableHeader>
            <TableHeader>Strongest relationship</TableHeader>
            <TableHeader>Contacts known</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.networkers.map((n) => (
            <TableRow key={n.ownerId}>
              <TableCell>{n.name}</TableCell>
              <TableCell>{Math.round(n.score)}</TableCell>
              <TableCell>{n.contacts}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.singleThreaded.length > 0 && (
        <>
          <Heading>Single-threaded stakeholders</Heading>
          {data.singleThreaded.map((s) => (
            <Text key={s.contactId}>
              {s.name} — only {s.holder}
            </Text>
          ))}
        </>
      )}
      <BarChart
        data={data.touchesByWeek}
        axes={{
          x: { field: 'week', fieldType: 'category', label: 'Week' },
          y: { field: 'touches', fieldType: 'linear', label: 'Touches' },
        }}
        options={{ title: 'Touches per week (12 weeks)' }}
      />
    </Flex>
  );
}
