import { EmptyState, Text } from '@hubspot/ui-extensions';

export function CompanyNetwork() {
  return (
    <EmptyState title="Account network" layout="vertical">
      <Text>Rapport will show how well your organization covers this company's stakeholders.</Text>
    </EmptyState>
  );
}
