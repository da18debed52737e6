import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { Json, VoterProfile } from '../../../../shared/model';
import { CopyableValue } from '../../components/CopyableValue';
import { asNumber, asObject, asString, compactJson } from '../../lib/json';
import {
  capitalise,
  displayName,
  formatCount,
  formatDateTime,
  formatPercent,
  formatScore,
  languageLabel,
} from '../../lib/format';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack spacing={0.75}>
      <Typography variant="overline" color="text.secondary" sx={{ lineHeight: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Stack>
  );
}

function Fact({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between' }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ textAlign: 'right', minWidth: 0 }} data-testid={testId}>
        {children}
      </Typography>
    </Stack>
  );
}

const keyLabel = (k: string) => capitalise(k.replace(/_/g, ' '));

/** Inferred demographics: `{ age_group: { value, confidence } }`. */
function Inferred({ value }: { value: Json | undefined }) {
  const entries = Object.entries(asObject(value) ?? {})
    .map(([k, d]) => ({
      key: k,
      value: asString(asObject(d)?.value ?? null) ?? (typeof d === 'string' ? d : null),
      confidence: asNumber(asObject(d)?.confidence ?? undefined),
    }))
    .filter((e) => e.value);
  if (entries.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        Nothing inferred yet.
      </Typography>
    );
  return (
    <Stack spacing={0.5} data-testid="voter-inferred">
      {entries.map((e) => (
        <Fact key={e.key} label={keyLabel(e.key)}>
          {e.value}
          {e.confidence !== null ? (
            <Typography component="span" variant="caption" color="text.secondary">
              {' '}
              ({formatPercent(e.confidence)})
            </Typography>
          ) : null}
        </Fact>
      ))}
    </Stack>
  );
}

/** The voter behind the conversation: who, how engaged, what they care about. */
export function VoterPanel({ voter }: { voter: VoterProfile | null }) {
  if (!voter) {
    return (
      <Box sx={{ p: 2 }} data-testid="voter-panel">
        <Typography variant="body2" color="text.secondary">
          No voter profile: it was erased at the voter’s request, or this conversation has no voter.
        </Typography>
      </Box>
    );
  }
  const topics = Object.entries(voter.topicInterests).sort((a, b) => b[1] - a[1]);
  const declared = Object.entries(asObject(voter.demographics.declared) ?? {}).filter(
    ([, v]) => v !== null && v !== '',
  );
  return (
    <Stack spacing={2} sx={{ p: 2 }} data-testid="voter-panel">
      <Box>
        <Typography variant="subtitle1" sx={{ fontWeight: 700 }} lang={voter.preferredLanguage}>
          {displayName(voter.name, voter.phoneNumber, voter.waUserId)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {voter.phoneNumber ?? voter.waUserId ?? 'No number'}
        </Typography>
      </Box>
      {voter.optedOutAt ? (
        <Alert severity="warning" data-testid="voter-opted-out">
          Opted out on {formatDateTime(voter.optedOutAt)}: they asked not to be messaged.
        </Alert>
      ) : null}
      <Section title="Activity">
        <Fact label="Preferred language">{languageLabel(voter.preferredLanguage)}</Fact>
        <Fact label="Messages sent" testId="voter-total-messages">
          {formatCount(voter.totalMessagesSent)}
        </Fact>
        <Fact label="Average sentiment">{formatScore(voter.avgSentimentScore)}</Fact>
        <Fact label="First contact">{formatDateTime(voter.firstContacted)}</Fact>
        <Fact label="Last contact">{formatDateTime(voter.lastContacted)}</Fact>
      </Section>
      <Divider />
      <Section title="Topic interests">
        {topics.length ? (
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
            {topics.map(([t, n]) => (
              <Chip key={t} size="small" label={`${t} · ${n}`} />
            ))}
          </Stack>
        ) : (
          <Typography variant="body2" color="text.secondary">
            None yet.
          </Typography>
        )}
      </Section>
      <Section title="Issues raised">
        {voter.issuesRaised.length ? (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {voter.issuesRaised.map((issue) => (
              <Typography component="li" variant="body2" key={issue}>
                {issue}
              </Typography>
            ))}
          </Box>
        ) : (
          <Typography variant="body2" color="text.secondary">
            None yet.
          </Typography>
        )}
      </Section>
      <Divider />
      <Section title="Referrals">
        <CopyableValue
          label="Referral code"
          value={voter.referralCode}
          testId="voter-referral-code"
        />
        <Fact label="Referrals made">{formatCount(voter.referralsMade)}</Fact>
        {voter.referredBy ? <Fact label="Referred by">{voter.referredBy}</Fact> : null}
      </Section>
      <Divider />
      <Section title="Inferred (by the AI, may be wrong)">
        <Inferred value={voter.demographics.inferred} />
      </Section>
      <Section title="Declared by the voter">
        {declared.length ? (
          <Stack spacing={0.5} data-testid="voter-declared">
            {declared.map(([k, v]) => (
              <Fact key={k} label={keyLabel(k)}>
                {compactJson(v)}
              </Fact>
            ))}
          </Stack>
        ) : (
          <Typography variant="body2" color="text.secondary">
            Nothing declared.
          </Typography>
        )}
      </Section>
    </Stack>
  );
}
