import { EmptyState, Text } from '@hubspot/ui-extensions';

/** The contact sidebar card's body (data, actions and states arrive with the card API). */
export function ContactRelationships() {
  return (
    <EmptyState title="Relationships" layout="vertical">
      <Text>Rapport will show who in your organization knows this person, and how well.</Text>
    </EmptyState>
  );
}
