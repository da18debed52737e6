import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ServiceStatus } from '../../../../shared/model';

interface ServiceCardProps {
  testId: string;
  name: string;
  service: ServiceStatus;
  /** Extra label/value pairs (model, base URL, tunnel URL). */
  extra?: [string, string][];
}

/** One service: configured or not, what it is doing, and which settings are still missing. */
export function ServiceCard({ testId, name, service, extra = [] }: ServiceCardProps) {
  return (
    <Card data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, flex: 1 }}>
              {name}
            </Typography>
            <Chip
              size="small"
              icon={service.configured ? <CheckCircleOutlined /> : <ErrorOutlineOutlined />}
              color={service.configured ? 'success' : 'warning'}
              label={service.configured ? 'Configured' : 'Not configured'}
              data-testid={`${testId}-state`}
            />
          </Stack>
          {service.detail ? (
            <Typography variant="body2" data-testid={`${testId}-detail`}>
              {service.detail}
            </Typography>
          ) : null}
          {extra.map(([label, value]) => (
            <Typography key={label} variant="body2" sx={{ wordBreak: 'break-all' }}>
              <Typography component="span" variant="body2" color="text.secondary">
                {label}:{' '}
              </Typography>
              {value}
            </Typography>
          ))}
          {service.missing.length > 0 ? (
            <Stack spacing={0.5} data-testid={`${testId}-missing`}>
              <Typography variant="body2" color="text.secondary">
                Missing settings:
              </Typography>
              <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                {service.missing.map((m) => (
                  <Chip
                    key={m}
                    size="small"
                    variant="outlined"
                    label={m}
                    sx={{ fontFamily: 'monospace' }}
                  />
                ))}
              </Stack>
            </Stack>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
