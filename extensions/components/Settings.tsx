import { EmptyState, Text } from '@hubspot/ui-extensions';

export function Settings() {
  return (
    <EmptyState title="Rapport settings" layout="vertical">
      <Text>The Manager of the Network's vision, goals, rules and dashboards will live here.</Text>
    </EmptyState>
  );
}
