import {
  type DataSource,
  type EntityManager,
  type EntityMetadata,
  type EntityTarget,
  type ObjectLiteral,
} from 'typeorm';
import { preparedQuery } from './prepared.js';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * Whole-entity reads by primary key in fixed SQL text, run as prepared statements and hydrated with TypeORM's
 * own column metadata: for the hot path, where building the same SELECT through the query builder on every
 * request costs more than running it. Also turns the rows of an `INSERT … RETURNING *` into the entity, sparing a reload. Columns marked
 * `select: false` are left out, as TypeORM's finds leave them out.
 */
export class EntityRows<E extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly byIdText: string;
  private readonly byIdsText: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<E>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    const [primary, ...rest] = this.metadata.primaryColumns;
    if (!primary || rest.length > 0) throw new Error(`${this.metadata.name}: EntityRows needs one primary column`);
    this.columns = this.metadata.columns.filter((column) => column.isSelect);
    const from = `SELECT ${this.columnList()} FROM "${this.metadata.tableName}"`;
    this.byIdText = `${from} WHERE "${primary.databaseName}" = $1`;
    this.byIdsText = `${from} WHERE "${primary.databaseName}" = ANY($1)`;
  }

  /**
   * The selected columns, quoted and comma-separated, qualified by `alias` when given: for a RETURNING or a
   * SELECT whose rows `fromRow` reads.
   */
  columnList(alias?: string): string {
    const prefix = alias ? `"${alias}".` : '';
    return this.columns.map((column) => `${prefix}"${column.databaseName}"`).join(', ');
  }

  /** The column of a property (for a statement the entity's own values fill). */
  columnOf(property: string): string {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.metadata.name} has no column for ${property}`);
    return column.databaseName;
  }

  /** The entity with this id, or null. */
  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<E | null> {
    const rows = await preparedQuery<Record<string, unknown>[]>(manager, this.byIdText, [id]);
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  /** The entities with these ids that exist, in no particular order. */
  async byIds(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<E[]> {
    const rows = await preparedQuery<Record<string, unknown>[]>(manager, this.byIdsText, [[...new Set(ids)]]);
    return rows.map((row) => this.fromRow(row));
  }

  /** An entity from a row keyed by column name (a SELECT of every column, or `RETURNING *`). */
  fromRow(row: Record<string, unknown>): E {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as E;
    const driver = this.dataSource.driver;
    for (const column of this.columns) {
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  }
}
