/**
 * The header's scheme (town) switcher: shown only to users who work in more than one scheme.
 * Switching opens the workbench of the other town; every screen then reads that scheme
 * (`useSchemeId()`), and `can` follows the user's grants there.
 */
import { Select } from 'antd'
import { areaMessages } from '../i18n'
import { navigate } from '../router'
import { setCurrentScheme, useSession } from '../session'

const useT = areaMessages({ label: '切换方案（镇）' }, { label: 'Switch scheme (town)' })

export default function SchemeSwitcher() {
  const t = useT()
  const s = useSession()
  if (s.status !== 'signedIn' || s.schemes.length < 2) return null
  return (
    <Select
      size="small"
      className="scheme-switcher"
      style={{ minWidth: 120, maxWidth: 180 }}
      value={s.scheme ?? undefined}
      aria-label={t('label')}
      title={t('label')}
      data-testid="scheme-switcher"
      popupMatchSelectWidth={false}
      onChange={(id: string) => {
        setCurrentScheme(id)
        navigate('/')
      }}
      options={s.schemes.map((x) => ({ value: x.id, label: <span data-testid={`scheme-option-${x.id}`}>{x.town}</span>, title: x.name }))}
    />
  )
}
