import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A host this instance refuses to federate with. */
@Entity('server_blocklist')
export class ServerBlockEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
