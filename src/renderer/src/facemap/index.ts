export { FaceMap, type FaceMapProps, type FaceMapReportEntry } from './FaceMap';
export * from './modes';
export * from './paint';
export { FACE_REGIONS, FACE_VIEWBOX, NAV_ORDER, regionGeometry, type RegionGeometry, type RegionShape } from './face-geometry';
