import { Button, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import type { Loadable } from '../lib/use-api.js';

/** The loading and error states every card shares; `children` renders the data. */
export function CardStates<T>({
  value,
  reload,
  what,
  children,
}: {
  value: Loadable<T>;
  reload: () => void;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (value.state === 'loading')
    return <LoadingSpinner label={`Loading ${what}…`} layout="centered" />;
  if (value.state === 'error')
    return (
      <ErrorState title={`Rapport could not load ${what}`}>
        <Text>{value.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  return <>{children(value.data)}</>;
}

export const GRADE_VARIANT = { strong: 'success', familiar: 'info', weak: 'default' } as const;
export const SEVERITY_VARIANT = { high: 'error', medium: 'warning', low: 'default' } as const;
export const RISK_LABEL = {
  singleThreaded: 'Single-threaded',
  unthreaded: 'No thread',
  cold: 'Cold',
  orphaned: 'Orphaned',
  ownerMismatch: 'Owner mismatch',
} as const;
export const TREND_ARROW = { rising: '↑', steady: '→', falling: '↓' } as const;

export const pct = (share: number | null) =>
  share === null ? 'n/a' : `${Math.round(share * 100)}%`;
export const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
