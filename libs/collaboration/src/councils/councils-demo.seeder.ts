import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CouncilBodyKind, CouncilKind, CouncilRole } from './council-enums.js';

interface DemoCouncil {
  name: string;
  kind: CouncilKind;
  municipalityCodes: string[];
  description: string;
  secretariat: string;
  members: string[];
  bodies: { kind: CouncilBodyKind; name: string; theme?: string }[];
}

const ESTABLISHED_ON = '2024-04-01';

/** The demo network's councils (fictional, after the shape seed 2-4 describes). Agencies by demo code. */
export const DEMO_COUNCILS: readonly DemoCouncil[] = [
  {
    name: '中川区地域自立支援協議会',
    kind: CouncilKind.SELF_RELIANCE_SUPPORT,
    municipalityCodes: ['231100'],
    description:
      '障害のある人の地域生活を支えるため、個別支援会議から見えた地域課題を運営会議・定例会・専門部会・全体会で協議し、社会資源の開発・改善につなげる。事務局は障害者基幹相談支援センター。',
    secretariat: 'DEMO-NKM-DISABILITY-HUB',
    members: [
      'DEMO-NKG-POVERTY',
      'DEMO-NKG-WELFARE-OFFICE',
      'DEMO-AIC-DEBT-LEGAL',
      'DEMO-NGY-HOUSING',
      'DEMO-NKG-SHAKYO',
      'DEMO-NKG-IKIIKI-EAST',
      'DEMO-NKG-IKIIKI-WEST',
      'DEMO-NGY-DISABILITY-WORK',
      'DEMO-NKG-SSW',
    ],
    bodies: [
      { kind: CouncilBodyKind.STEERING, name: '運営会議', theme: '提起された地域課題の整理と振り分け' },
      { kind: CouncilBodyKind.REGULAR, name: '定例会', theme: '相談支援事業所・関係機関の情報共有と課題の協議' },
      { kind: CouncilBodyKind.SUBCOMMITTEE, name: '相談支援部会', theme: '相談支援の質の向上と困難事例の検討' },
      { kind: CouncilBodyKind.SUBCOMMITTEE, name: '地域移行部会', theme: '病院・施設からの地域移行と地域定着' },
      { kind: CouncilBodyKind.SUBCOMMITTEE, name: 'くらし部会', theme: '金銭管理・住まい・就労など暮らしの課題' },
      { kind: CouncilBodyKind.PLENARY, name: '全体会', theme: '協議の結果の承認、社会資源の開発・改善と政策提言' },
    ],
  },
  {
    name: '名古屋市居住支援協議会',
    kind: CouncilKind.HOUSING_SUPPORT,
    municipalityCodes: ['231002'],
    description:
      '住宅確保要配慮者の民間賃貸住宅への円滑な入居のため、不動産関係団体・居住支援法人・福祉関係機関が連携する。',
    secretariat: 'DEMO-NGY-HOUSING',
    members: [
      'DEMO-NKG-SHAKYO',
      'DEMO-MNT-SHAKYO',
      'DEMO-NKG-WELFARE-OFFICE',
      'DEMO-MNT-WELFARE-OFFICE',
      'DEMO-NKM-DISABILITY-HUB',
    ],
    bodies: [
      { kind: CouncilBodyKind.STEERING, name: '運営会議' },
      { kind: CouncilBodyKind.SUBCOMMITTEE, name: '入居支援部会', theme: '入居前後の支援と大家・不動産事業者との連携' },
      { kind: CouncilBodyKind.PLENARY, name: '全体会' },
    ],
  },
];

export interface CouncilsDemoSeedResult {
  created: number;
  existing: number;
}

/**
 * Loads the demo councils with their members and bodies after the directory's demo network: what is missing is
 * added (by council name, agency code and body name), nothing is changed or removed, so running it again is safe.
 * Takes only a DataSource so that the CLI's seed step can run it without the API's module graph.
 */
@Injectable()
export class CouncilsDemoSeeder {
  constructor(private readonly dataSource: DataSource) {}

  async seed(): Promise<CouncilsDemoSeedResult> {
    let created = 0;
    let existing = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const demo of DEMO_COUNCILS) {
        const codes = [demo.secretariat, ...demo.members];
        const agencies: { id: string; code: string }[] = await manager.query(
          'SELECT id, code FROM agency WHERE code = ANY($1::text[])',
          [codes],
        );
        const idOf = (code: string) => agencies.find((agency) => agency.code === code)?.id;
        if (!idOf(demo.secretariat)) continue; // the demo network is not loaded
        const inserted: { id: string }[] = await manager.query(
          `INSERT INTO council (name, kind, municipality_codes, description) VALUES ($1, $2, $3::char(6)[], $4)
           ON CONFLICT (name) DO NOTHING RETURNING id`,
          [demo.name, demo.kind, demo.municipalityCodes, demo.description],
        );
        if (inserted.length) created += 1;
        else existing += 1;
        const [{ id: councilId }] = await manager.query<{ id: string }[]>('SELECT id FROM council WHERE name = $1', [
          demo.name,
        ]);
        for (const code of codes) {
          const agencyId = idOf(code);
          if (!agencyId) continue;
          await manager.query(
            `INSERT INTO council_member (council_id, agency_id, role) VALUES ($1, $2, $3)
             ON CONFLICT (council_id, agency_id) DO NOTHING`,
            [councilId, agencyId, code === demo.secretariat ? CouncilRole.SECRETARIAT : CouncilRole.MEMBER],
          );
        }
        // Bodies are listed in the order they were set up: one millisecond apart, in the order above.
        for (const [position, body] of demo.bodies.entries()) {
          await manager.query(
            `INSERT INTO council_body (council_id, kind, name, theme, established_on, created_at)
             SELECT $1::uuid, $2::varchar, $3::varchar, $4::text, $5::date, now() + $6::int * interval '1 millisecond'
              WHERE NOT EXISTS (SELECT 1 FROM council_body WHERE council_id = $1::uuid AND name = $3::varchar)`,
            [councilId, body.kind, body.name, body.theme ?? null, ESTABLISHED_ON, position],
          );
        }
      }
    });
    return { created, existing };
  }
}
