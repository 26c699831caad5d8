import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyEntity, CommunityResourceEntity } from '@tsunagu/directory';
import { AuthModule } from '@tsunagu/platform';
import { HsdsController } from './hsds.controller.js';
import { HsdsDirectoryService } from './hsds.service.js';

/** `/hsds`: the directory as Open Referral HSDS 3.0 (docs/hsds.md). */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([AgencyEntity, CommunityResourceEntity])],
  controllers: [HsdsController],
  providers: [HsdsDirectoryService],
  exports: [HsdsDirectoryService],
})
export class HsdsModule {}
