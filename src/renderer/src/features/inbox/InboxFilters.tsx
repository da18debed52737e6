import FilterListOutlined from '@mui/icons-material/FilterListOutlined';
import HeadsetMicOutlined from '@mui/icons-material/HeadsetMicOutlined';
import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Badge from '@mui/material/Badge';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import { CATEGORIES, LANGUAGES, SENTIMENTS } from '../../../../shared/model';
import type { Category, Language, Sentiment } from '../../../../shared/model';
import { ChoiceFilter } from '../../components/ChoiceFilter';
import { SearchField } from '../../components/SearchField';
import { categoryLabel, languageLabel, sentimentLabel } from '../../lib/format';

export type ResolvedFilter = 'all' | 'open' | 'resolved';

export interface InboxFilterValues {
  search: string;
  needsPerson: boolean;
  mine: boolean;
  language: Language | '';
  sentiment: Sentiment | '';
  category: Category | '';
  campaign: string;
  resolved: ResolvedFilter;
}

export const NO_FILTERS: InboxFilterValues = {
  search: '',
  needsPerson: false,
  mine: false,
  language: '',
  sentiment: '',
  category: '',
  campaign: '',
  resolved: 'all',
};

/** The filters folded under "More filters" that are set, for its badge. */
function moreCount(f: InboxFilterValues): number {
  return [f.language, f.sentiment, f.category, f.campaign.trim()].filter(Boolean).length;
}

export function isFiltered(f: InboxFilterValues): boolean {
  return (
    Boolean(f.search.trim()) || f.needsPerson || f.mine || f.resolved !== 'all' || moreCount(f) > 0
  );
}

/** Search, the quick toggles (needs a person, mine, open/resolved) and the other filters. */
export function InboxFilters({
  value,
  onChange,
}: {
  value: InboxFilterValues;
  onChange: (next: InboxFilterValues) => void;
}) {
  const [open, setOpen] = useState(false);
  const set = <K extends keyof InboxFilterValues>(k: K, v: InboxFilterValues[K]) =>
    onChange({ ...value, [k]: v });
  const more = moreCount(value);

  return (
    <Stack spacing={1} sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider', flexShrink: 0 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <SearchField
          testId="inbox-search"
          fullWidth
          placeholder="Search name, number or text"
          ariaLabel="Search conversations"
          value={value.search}
          onChange={(v) => set('search', v)}
        />
        <Tooltip title={open ? 'Fewer filters' : 'More filters'}>
          <IconButton
            onClick={() => setOpen((o) => !o)}
            aria-label="More filters"
            aria-expanded={open}
            aria-controls="inbox-more-filters"
          >
            <Badge badgeContent={more} color="primary">
              <FilterListOutlined />
            </Badge>
          </IconButton>
        </Tooltip>
      </Stack>
      <Stack direction="row" sx={{ gap: 0.75, flexWrap: 'wrap', alignItems: 'center' }}>
        <Chip
          icon={<SupportAgentOutlined />}
          label="Needs a person"
          color={value.needsPerson ? 'warning' : 'default'}
          variant={value.needsPerson ? 'filled' : 'outlined'}
          onClick={() => set('needsPerson', !value.needsPerson)}
          aria-pressed={value.needsPerson}
          data-testid="filter-needs-person"
        />
        <Chip
          icon={<HeadsetMicOutlined />}
          label="Mine"
          color={value.mine ? 'primary' : 'default'}
          variant={value.mine ? 'filled' : 'outlined'}
          onClick={() => set('mine', !value.mine)}
          aria-pressed={value.mine}
          data-testid="filter-mine"
        />
        <TextField
          data-testid="filter-resolved"
          select
          size="small"
          label="Status"
          value={value.resolved}
          onChange={(e) => set('resolved', e.target.value as ResolvedFilter)}
          sx={{ minWidth: 110, ml: 'auto' }}
        >
          <MenuItem value="all">All</MenuItem>
          <MenuItem value="open">Open</MenuItem>
          <MenuItem value="resolved">Resolved</MenuItem>
        </TextField>
      </Stack>
      <Collapse in={open} id="inbox-more-filters">
        <Stack spacing={1} sx={{ pt: 0.5 }}>
          <Stack direction="row" spacing={1}>
            <ChoiceFilter
              label="Language"
              value={value.language}
              options={LANGUAGES}
              labelOf={languageLabel}
              onChange={(v) => set('language', v)}
              fullWidth
            />
            <ChoiceFilter
              label="Sentiment"
              value={value.sentiment}
              options={SENTIMENTS}
              labelOf={sentimentLabel}
              onChange={(v) => set('sentiment', v)}
              fullWidth
            />
          </Stack>
          <Stack direction="row" spacing={1}>
            <ChoiceFilter
              label="Category"
              value={value.category}
              options={CATEGORIES}
              labelOf={categoryLabel}
              onChange={(v) => set('category', v)}
              fullWidth
            />
            <TextField
              size="small"
              label="Campaign"
              value={value.campaign}
              onChange={(e) => set('campaign', e.target.value)}
              fullWidth
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
          </Stack>
          {isFiltered(value) ? (
            <Button
              size="small"
              onClick={() => onChange(NO_FILTERS)}
              sx={{ alignSelf: 'flex-end' }}
            >
              Clear all filters
            </Button>
          ) : null}
        </Stack>
      </Collapse>
    </Stack>
  );
}
