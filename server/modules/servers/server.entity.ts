import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Another instance this one knows, by host (`name[:port]`, lowercase). */
@Entity('servers')
export class ServerEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
