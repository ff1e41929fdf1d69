import {
  BarChart,
  Divider,
  Flex,
  Heading,
  LineChart,
  ProgressBar,
  Text,
} from '@hubspot/ui-extensions';
import type { SettingsView } from '../lib/contracts.js';
import { pct } from './CardStates.js';

/** The Manager of the Network's dashboard tab: KPI trends, team coverage, risks and handovers. */
export function Dashboard({ data }: { data: SettingsView }) {
  const d = data.dashboard;
  return (
    <Flex direction="column" gap="md">
      {d.trends.length > 0 ? (
        <LineChart
          data={d.trends}
          axes={{
            x: { field: 'period', fieldType: 'category', label: 'Month' },
            y: { field: 'value', fieldType: 'linear', label: 'Value' },
            options: { groupFieldByColor: 'metric' },
          }}
          options={{ title: 'Organization KPIs by month', showLegend: true }}
        />
      ) : (
        <Text>No snapshot yet: the first audit writes one.</Text>
      )}
      <BarChart
        data={d.teams.map((t) => ({ team: t.name, coverage: Math.round((t.coverage ?? 0) * 100) }))}
        axes={{
          x: { field: 'team', fieldType: 'category', label: 'Team' },
          y: { field: 'coverage', fieldType: 'linear', label: 'Coverage %' },
        }}
        options={{ title: 'Coverage per team' }}
      />
      <Text>RoR per team: {d.teams.map((t) => `${t.name} ${t.ror ?? 'n/a'}`).join(' · ')}</Text>
      <Divider />
      <Heading>At-risk relationships</Heading>
      {d.atRisk.map((a) => (
        <Text key={`${a.risk}-${a.contactId}`}>
          {a.name}: {a.risk} (strongest {Math.round(a.maxScore)})
        </Text>
      ))}
      <Heading>Handover of departed networkers</Heading>
      {d.handovers.length === 0 ? (
        <Text>No networker has left.</Text>
      ) : (
        d.handovers.map((h) => (
          <ProgressBar
            key={h.ownerId}
            title={h.name}
            value={h.carriedOver}
            maxValue={Math.max(1, h.carried)}
            valueDescription={`${h.carriedOver} of ${h.carried} relationships carried over (${pct(h.carried === 0 ? null : h.carriedOver / h.carried)})`}
          />
        ))
      )}
    </Flex>
  );
}
