import { BeneficiaryCategory, BeneficiaryTier } from '@aidflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registered person; the id number and phone exist here only encrypted, hashed and masked. */
@Entity({ name: 'beneficiaries' })
export class Beneficiary {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'uuid', name: 'site_id', nullable: true })
  siteId!: string | null;

  /** The incident's lead org at registration (it never changes): the scope of this record. */
  @Column({ type: 'text', name: 'org_code' })
  orgCode!: string;

  @Column({ type: 'text', name: 'full_name' })
  fullName!: string;

  /** base64(iv | GCM tag | ciphertext). */
  @Column({ type: 'text', name: 'id_number_cipher', select: false })
  idNumberCipher!: string;

  @Column({ type: 'text', name: 'id_number_key_id', select: false })
  idNumberKeyId!: string;

  /** HMAC-SHA-256 (hex) of the normalised id number; unique. */
  @Column({ type: 'text', name: 'id_number_hash', select: false })
  idNumberHash!: string;

  @Column({ type: 'text', name: 'id_number_masked' })
  idNumberMasked!: string;

  @Column({ type: 'text' })
  category!: BeneficiaryCategory;

  @Column({ type: 'text' })
  tier!: BeneficiaryTier;

  @Column({ type: 'integer', name: 'household_size' })
  householdSize!: number;

  @Column({ type: 'text', name: 'phone_cipher', nullable: true, select: false })
  phoneCipher!: string | null;

  @Column({ type: 'text', name: 'phone_key_id', nullable: true, select: false })
  phoneKeyId!: string | null;

  @Column({ type: 'text', name: 'phone_masked', nullable: true })
  phoneMasked!: string | null;

  @Column({ type: 'text', nullable: true })
  employer!: string | null;

  @Column({ type: 'boolean' })
  consent!: boolean;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, name: 'created_at' })
  createdAt!: Date;
}
