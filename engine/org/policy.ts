/**
 * The platform's actions and the permission each needs — the vocabulary an org definition's roles
 * grant (`roles[].permissions`). Declared once here, in the engine, because the runtime enforces it
 * (runtime/auth/policy.ts) and the designer's org editor offers it (its permission matrix).
 */
/** action → the permission it needs; `case` actions are also checked against the case's jurisdiction. */
export const POLICY = {
  'case.list': { permission: 'case.read', jurisdiction: true },
  'case.read': { permission: 'case.read', jurisdiction: true },
  'case.register': { permission: 'case.register', jurisdiction: true },
  'case.event': { permission: null, jurisdiction: true }, // roles listed on the workflow event
  'case.pii': { permission: 'case.pii', jurisdiction: true },
  'case.link': { permission: 'case.handle', jurisdiction: true },
  'case.import': { permission: 'case.register', jurisdiction: false },
  'case.migrate': { permission: 'scheme.publish', jurisdiction: false },
  'reminder.read': { permission: 'case.read', jurisdiction: true },
  'report.read': { permission: 'report.read', jurisdiction: false },
  'assessment.enter': { permission: 'assessment.enter', jurisdiction: false },
  'scheme.read': { permission: null, jurisdiction: false },
  'scheme.edit': { permission: 'scheme.edit', jurisdiction: false },
  'scheme.publish': { permission: 'scheme.publish', jurisdiction: false },
  'account.manage': { permission: 'account.manage', jurisdiction: false },
  'audit.read': { permission: 'audit.read', jurisdiction: false },
  'scheduler.run': { permission: 'account.manage', jurisdiction: false },
  'duty.read': { permission: 'duty.read', jurisdiction: false },
  'duty.manage': { permission: 'duty.manage', jurisdiction: false },
  'duty.record': { permission: 'duty.record', jurisdiction: false },
} as const
