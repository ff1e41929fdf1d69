import { EmptyState, Text } from '@hubspot/ui-extensions';

export function NetworkingTeam() {
  return (
    <EmptyState title="Networking Team" layout="vertical">
      <Text>
        Rapport will show this team's members, roles, coverage and Return-on-Relationship.
      </Text>
    </EmptyState>
  );
}
