/** The scoring's smaller tables: grade bands, rates (variables), vetoes and letters. */
import { Button, Popconfirm, Select, Space, Table, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { At, useProblemsAt, labelColumns } from '../kit'
import { keyed, useScoring, type Obj } from './ctx'
import { FormulaText, NameInput, NumberAt, OperandSelect } from './cells'
import { freshId, ratePattern, readableRate, tidy, writeRate } from './model'

const rowTest = (prefix: string) => (r: { i: number }) => ({ 'data-testid': `${prefix}-${r.i}` }) as React.HTMLAttributes<HTMLElement>

function Remove({ name, onConfirm, testId }: { name: string; onConfirm(): void; testId: string }) {
  const { t } = useScoring()
  return (
    <Popconfirm title={t('confirmRemove', { name })} onConfirm={onConfirm}>
      <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={testId} />
    </Popconfirm>
  )
}

export function GradesTable({ sc }: { sc: Obj }) {
  const { t, base, write } = useScoring()
  const grades: Obj[] = Array.isArray(sc.grades) ? sc.grades : []
  const rename = (i: number, name: string) =>
    write(
      (s) => {
        const old = s.grades[i].name
        s.grades[i].name = name
        // Vetoes name their grade: they follow the rename.
        for (const v of s.vetoes ?? []) if (v.grade === old) v.grade = name
      },
      t('u_grade'),
      `${base}/grades/${i}/name`,
    )
  const add = () =>
    write((s) => {
      const names = new Set(s.grades.map((g: Obj) => g.name))
      let name = t('newGrade')
      for (let k = 2; names.has(name); k++) name = `${t('newGrade')}${k}`
      const mins = s.grades.map((g: Obj) => g.min).filter((m: unknown): m is number => typeof m === 'number')
      const lowest = mins.length ? Math.min(...mins) : s.max
      s.grades.splice(Math.max(0, s.grades.length - 1), 0, { name, min: tidy(lowest / 2) })
    }, t('u_addGrade'))
  return (
    <div data-testid="grades">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={keyed(grades)}
        onRow={rowTest('grade')}
        columns={labelColumns<{ x: Obj; i: number }>([
          {
            title: t('grade'),
            render: (_, { x: g, i: i }) => (
              <NameInput testId="grade-name" value={g.name ?? ''} pointer={`${base}/grades/${i}/name`} onChange={(v) => rename(i, v)} width={140} />
            ),
          },
          {
            title: t('gradeMin'),
            render: (_, { x: g, i: i }) =>
              g.min === null && i === grades.length - 1 ? (
                <At pointer={`${base}/grades/${i}/min`}>
                  <Typography.Text type="secondary">{t('gradeRest')}</Typography.Text>
                </At>
              ) : (
                <NumberAt
                  testId="grade-min"
                  value={typeof g.min === 'number' ? g.min : null}
                  pointer={`${base}/grades/${i}/min`}
                  onChange={(v) =>
                    v !== null &&
                    write(
                      (s) => {
                        s.grades[i].min = v
                      },
                      t('u_gradeMin'),
                      `${base}/grades/${i}/min`,
                    )
                  }
                />
              ),
          },
          {
            width: 40,
            render: (_, { x: g, i: i }) =>
              i < grades.length - 1 ? (
                <Remove
                  name={g.name}
                  testId="grade-remove"
                  onConfirm={() =>
                    write((s) => {
                      s.grades.splice(i, 1)
                    }, t('u_removeGrade'))
                  }
                />
              ) : null,
          },
        ])}
      />
      <Space style={{ marginTop: 4 }}>
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="grade-add">
          {t('addGrade')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('gradeNote')}
        </Typography.Text>
      </Space>
    </div>
  )
}

function VariableFormula({ v, i }: { v: Obj; i: number }) {
  const { t, base, write, cat, lang } = useScoring()
  const pointer = `${base}/variables/${i}/formula`
  const problems = useProblemsAt(pointer, true)
  const r = ratePattern(v.formula)
  const set = (f: unknown) =>
    write(
      (s) => {
        s.variables[i].formula = f
      },
      t('u_variable'),
      pointer,
    )
  if (!r) return <FormulaText value={v.formula} pointer={pointer} testId="variable-formula" condition onValid={(f) => f !== undefined && set(f)} />
  const counts = (o: { type: string }) => o.type !== 'boolean'
  return (
    <At pointer={pointer}>
      <Space size={4} wrap>
        <OperandSelect testId="rate-numerator" value={r.numerator} fit={counts} width={150} onChange={(x) => set(writeRate({ ...r, numerator: x }))} />
        <span>{t('divide')}</span>
        <OperandSelect testId="rate-denominator" value={r.denominator} fit={counts} width={150} onChange={(x) => set(writeRate({ ...r, denominator: x }))} />
        <span>{t('whenZero')}</span>
        <NumberAt
          testId="rate-when-zero"
          value={tidy(r.whenZero * 100)}
          pointer={pointer}
          min={0}
          width={70}
          onChange={(x) => x !== null && set(writeRate({ ...r, whenZero: tidy(x / 100) }))}
        />
        <span>%</span>
      </Space>
      <div>
        <Typography.Text type={problems.validateStatus ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="readable">
          {problems.help ?? readableRate(r, cat.label, lang)}
        </Typography.Text>
      </div>
    </At>
  )
}

export function VariablesTable({ sc }: { sc: Obj }) {
  const { t, base, write, cat } = useScoring()
  const vars: Obj[] = Array.isArray(sc.variables) ? sc.variables : []
  const add = () =>
    write((s) => {
      const counts = cat.operands.filter((o) => o.source === 'input' && o.type !== 'boolean')
      const id = freshId(
        'rate',
        s.variables.map((v: Obj) => v.id),
      )
      s.variables.push({
        id,
        name: t('newVariable'),
        formula: writeRate({ numerator: counts[0]?.path ?? '', denominator: counts[1]?.path ?? counts[0]?.path ?? '', whenZero: 1 }),
      })
    }, t('u_addVariable'))
  return (
    <div data-testid="variables">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={keyed(vars)}
        onRow={rowTest('variable')}
        columns={labelColumns<{ x: Obj; i: number }>([
          {
            title: t('variable'),
            width: 130,
            render: (_, { x: v, i: i }) => (
              <NameInput
                testId="variable-name"
                value={v.name ?? ''}
                pointer={`${base}/variables/${i}/name`}
                onChange={(x) =>
                  write(
                    (s) => {
                      s.variables[i].name = x
                    },
                    t('u_name'),
                    `${base}/variables/${i}/name`,
                  )
                }
              />
            ),
          },
          { title: t('formula'), render: (_, { x: v, i: i }) => <VariableFormula v={v} i={i} /> },
          {
            width: 40,
            render: (_, { x: v, i: i }) => (
              <Remove
                name={v.name}
                testId="variable-remove"
                onConfirm={() =>
                  write((s) => {
                    s.variables.splice(i, 1)
                  }, t('u_removeVariable'))
                }
              />
            ),
          },
        ])}
      />
      <Button size="small" style={{ marginTop: 4 }} icon={<PlusOutlined />} onClick={add} data-testid="variable-add">
        {t('addVariable')}
      </Button>
    </div>
  )
}

export function VetoesTable({ sc }: { sc: Obj }) {
  const { t, base, write } = useScoring()
  const vetoes: Obj[] = Array.isArray(sc.vetoes) ? sc.vetoes : []
  const grades: Obj[] = Array.isArray(sc.grades) ? sc.grades : []
  const add = () =>
    write((s) => {
      s.vetoes.push({
        id: freshId(
          'veto',
          s.vetoes.map((v: Obj) => v.id),
        ),
        name: t('newVeto'),
        when: false,
        grade: grades[grades.length - 1]?.name ?? '',
      })
    }, t('u_addVeto'))
  return (
    <div data-testid="vetoes">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={keyed(vetoes)}
        onRow={rowTest('veto')}
        columns={labelColumns<{ x: Obj; i: number }>([
          {
            title: t('veto'),
            width: 130,
            render: (_, { x: v, i: i }) => (
              <NameInput
                testId="veto-name"
                value={v.name ?? ''}
                pointer={`${base}/vetoes/${i}/name`}
                onChange={(x) =>
                  write(
                    (s) => {
                      s.vetoes[i].name = x
                    },
                    t('u_veto'),
                    `${base}/vetoes/${i}/name`,
                  )
                }
              />
            ),
          },
          {
            title: t('vetoWhen'),
            render: (_, { x: v, i: i }) => (
              <FormulaText
                value={v.when}
                pointer={`${base}/vetoes/${i}/when`}
                testId="veto-when"
                condition
                onValid={(f) =>
                  f !== undefined &&
                  write(
                    (s) => {
                      s.vetoes[i].when = f
                    },
                    t('u_veto'),
                    `${base}/vetoes/${i}/when`,
                  )
                }
              />
            ),
          },
          {
            title: t('vetoGrade'),
            width: 100,
            render: (_, { x: v, i: i }) => (
              <At pointer={`${base}/vetoes/${i}/grade`}>
                <VetoGrade
                  value={v.grade}
                  pointer={`${base}/vetoes/${i}/grade`}
                  options={grades.map((g) => g.name)}
                  onChange={(x) =>
                    write((s) => {
                      s.vetoes[i].grade = x
                    }, t('u_veto'))
                  }
                />
              </At>
            ),
          },
          {
            width: 40,
            render: (_, { x: v, i: i }) => (
              <Remove
                name={v.name}
                testId="veto-remove"
                onConfirm={() =>
                  write((s) => {
                    s.vetoes.splice(i, 1)
                  }, t('u_removeVeto'))
                }
              />
            ),
          },
        ])}
      />
      <Button size="small" style={{ marginTop: 4 }} icon={<PlusOutlined />} onClick={add} data-testid="veto-add">
        {t('addVeto')}
      </Button>
    </div>
  )
}

function VetoGrade({ value, pointer, options, onChange }: { value: string; pointer: string; options: string[]; onChange(v: string): void }) {
  const problems = useProblemsAt(pointer)
  return (
    <Select
      size="small"
      data-testid="veto-grade"
      status={problems.validateStatus}
      title={problems.help}
      value={value}
      onChange={onChange}
      options={options.map((g) => ({ value: g, label: g }))}
      style={{ width: 92 }}
    />
  )
}

export function LettersTable({ sc }: { sc: Obj }) {
  const { t, base, write } = useScoring()
  const letters: Obj[] = Array.isArray(sc.letters) ? sc.letters : []
  const set = (i: number, fn: (l: Obj) => void, key?: string) => write((s) => fn(s.letters[i]), t('u_letter'), key)
  const add = () =>
    write((s) => {
      s.letters.push({
        id: freshId(
          'letter',
          s.letters.map((l: Obj) => l.id),
        ),
        name: t('newLetter'),
        letter: t('newLetter'),
        when: false,
      })
    }, t('u_addLetter'))
  return (
    <div data-testid="letters">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={keyed(letters)}
        onRow={rowTest('letter')}
        columns={labelColumns<{ x: Obj; i: number }>([
          {
            title: `${t('letter')} · ${t('letterKind')}`,
            width: 150,
            render: (_, { x: l, i: i }) => (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <NameInput
                  testId="letter-name"
                  value={l.name ?? ''}
                  pointer={`${base}/letters/${i}/name`}
                  onChange={(x) =>
                    set(
                      i,
                      (o) => {
                        o.name = x
                      },
                      `${base}/letters/${i}/name`,
                    )
                  }
                />
                <NameInput
                  testId="letter-letter"
                  value={l.letter ?? ''}
                  pointer={`${base}/letters/${i}/letter`}
                  onChange={(x) =>
                    set(
                      i,
                      (o) => {
                        o.letter = x
                      },
                      `${base}/letters/${i}/letter`,
                    )
                  }
                />
              </Space>
            ),
          },
          {
            title: `${t('letterWhen')} · ${t('letterCount')}`,
            render: (_, { x: l, i: i }) => (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <FormulaText
                  value={l.when}
                  pointer={`${base}/letters/${i}/when`}
                  testId="letter-when"
                  condition
                  onValid={(f) =>
                    f !== undefined &&
                    set(
                      i,
                      (o) => {
                        o.when = f
                      },
                      `${base}/letters/${i}/when`,
                    )
                  }
                />
                <FormulaText
                  value={l.count}
                  optional
                  pointer={`${base}/letters/${i}/count`}
                  testId="letter-count"
                  condition
                  onValid={(f) =>
                    set(
                      i,
                      (o) => {
                        if (f === undefined) delete o.count
                        else o.count = f
                      },
                      `${base}/letters/${i}/count`,
                    )
                  }
                />
              </Space>
            ),
          },
          {
            width: 40,
            render: (_, { x: l, i: i }) => (
              <Remove
                name={l.name}
                testId="letter-remove"
                onConfirm={() =>
                  write((s) => {
                    s.letters.splice(i, 1)
                  }, t('u_removeLetter'))
                }
              />
            ),
          },
        ])}
      />
      <Button size="small" style={{ marginTop: 4 }} icon={<PlusOutlined />} onClick={add} data-testid="letter-add">
        {t('addLetter')}
      </Button>
    </div>
  )
}
