// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IFileShop} from "./IFileShop.sol";

/// @title FileShop: escrowed sales of encrypted files, paid out on key delivery
/// @notice See {IFileShop} for the rules. The license token is an ERC-1155 whose id is the
/// listing id; it is minted to the buyer on delivery and can never be moved or burned.
/// @dev Money flow: every unit paid in by `buy` is escrowed in exactly one pending purchase;
/// `deliver` and `refund` end the escrow by pushing it out, and a push that fails is credited
/// to `_owed` instead, to be pulled with `withdraw`. So at any time, per token:
/// balance == sum(pending escrows) + sum(owed).
contract FileShop is IFileShop, ERC1155, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @dev Gas a pushed ETH payment may use: enough for a contract wallet's `receive`
    /// (a Safe needs ~10k), too little for a receiver to do anything expensive.
    uint256 private constant _PUSH_GAS = 50_000;
    uint32 private constant _MIN_DELIVERY_WINDOW = 60;
    uint32 private constant _MAX_DELIVERY_WINDOW = 30 days;
    uint16 private constant _BPS = 10_000;
    uint256 private constant _MAX_CID_LENGTH = 128;

    /// @dev A listing as stored: the small fields share the seller's slot.
    struct StoredListing {
        address seller;
        uint16 commissionBps;
        uint32 deliveryWindow;
        ListingStatus status;
        address payee;
        address token;
        uint256 price;
        bytes32 keyCommitment;
        string cid;
    }

    /// @dev A purchase as stored, in four slots. Payee and token are not copied: a listing's
    /// payee and token never change, so the listing's values are the purchase-time values.
    struct StoredPurchase {
        address buyer;
        uint64 deadline;
        uint16 commissionBps;
        PurchaseState state;
        address promoter;
        uint96 listingId;
        uint256 amount;
        bytes32 buyerPublicKey;
    }

    mapping(uint256 listingId => StoredListing) private _listings;
    mapping(uint256 purchaseId => StoredPurchase) private _purchases;
    mapping(address account => mapping(address token => uint256)) private _owed;
    uint256 private _listingCount;
    uint256 private _purchaseCount;

    constructor() ERC1155("pc2-fileshop:license/{id}") {}

    // ---------------------------------------------------------------- listings

    /// @inheritdoc IFileShop
    function createListing(
        address payee,
        address token,
        uint256 price,
        uint16 commissionBps,
        uint32 deliveryWindow,
        string calldata cid,
        bytes32 keyCommitment
    ) external returns (uint256 listingId) {
        if (payee == address(0)) revert FileShopInvalidPayee();
        if (price == 0) revert FileShopInvalidPrice();
        if (commissionBps > _BPS) revert FileShopInvalidCommission(commissionBps);
        if (deliveryWindow < _MIN_DELIVERY_WINDOW || deliveryWindow > _MAX_DELIVERY_WINDOW) {
            revert FileShopInvalidDeliveryWindow(deliveryWindow);
        }
        if (bytes(cid).length == 0 || bytes(cid).length > _MAX_CID_LENGTH) revert FileShopInvalidCid();
        if (keyCommitment == bytes32(0)) revert FileShopInvalidKeyCommitment();

        listingId = ++_listingCount;
        _listings[listingId] = StoredListing({
            seller: msg.sender,
            commissionBps: commissionBps,
            deliveryWindow: deliveryWindow,
            status: ListingStatus.Active,
            payee: payee,
            token: token,
            price: price,
            keyCommitment: keyCommitment,
            cid: cid
        });
        emit ListingCreated(listingId, msg.sender, payee, token, price, commissionBps, deliveryWindow, cid, keyCommitment);
    }

    /// @inheritdoc IFileShop
    /// @dev Refused once delisted (FileShopListingNotActive).
    function setPrice(uint256 listingId, uint256 price) external {
        StoredListing storage listing = _sellersListing(listingId);
        _requireNotDelisted(listingId, listing);
        if (price == 0) revert FileShopInvalidPrice();
        listing.price = price;
        emit ListingPriceChanged(listingId, price);
    }

    /// @inheritdoc IFileShop
    /// @dev Refused once delisted (FileShopListingNotActive).
    function setCommission(uint256 listingId, uint16 commissionBps) external {
        StoredListing storage listing = _sellersListing(listingId);
        _requireNotDelisted(listingId, listing);
        if (commissionBps > _BPS) revert FileShopInvalidCommission(commissionBps);
        listing.commissionBps = commissionBps;
        emit ListingCommissionChanged(listingId, commissionBps);
    }

    /// @inheritdoc IFileShop
    function setPaused(uint256 listingId, bool paused) external {
        StoredListing storage listing = _sellersListing(listingId);
        _requireNotDelisted(listingId, listing);
        listing.status = paused ? ListingStatus.Paused : ListingStatus.Active;
        emit ListingPausedChanged(listingId, paused);
    }

    /// @inheritdoc IFileShop
    /// @dev Delisting twice is refused (FileShopListingNotActive).
    function delist(uint256 listingId) external {
        StoredListing storage listing = _sellersListing(listingId);
        _requireNotDelisted(listingId, listing);
        listing.status = ListingStatus.Delisted;
        emit ListingDelisted(listingId);
    }

    // ---------------------------------------------------------------- purchases

    /// @inheritdoc IFileShop
    function buy(uint256 listingId, address promoter, bytes32 buyerPublicKey)
        external
        payable
        nonReentrant
        returns (uint256 purchaseId)
    {
        StoredListing storage listing = _listings[listingId];
        ListingStatus status = listing.status;
        if (status == ListingStatus.None) revert FileShopUnknownListing(listingId);
        if (status != ListingStatus.Active) revert FileShopListingNotActive(listingId, status);
        if (buyerPublicKey == bytes32(0)) revert FileShopInvalidPublicKey();
        address token = listing.token;
        uint256 price = listing.price;
        if (token == address(0)) {
            if (msg.value != price) revert FileShopWrongPayment(price, msg.value);
        } else if (msg.value != 0) {
            revert FileShopWrongPayment(0, msg.value);
        }

        uint64 deadline = uint64(block.timestamp) + listing.deliveryWindow;
        purchaseId = ++_purchaseCount;
        _purchases[purchaseId] = StoredPurchase({
            buyer: msg.sender,
            deadline: deadline,
            commissionBps: listing.commissionBps,
            state: PurchaseState.Pending,
            promoter: promoter,
            // Listing ids are handed out one by one, so they never reach 2^96.
            listingId: uint96(listingId),
            amount: price,
            buyerPublicKey: buyerPublicKey
        });
        emit Purchased(purchaseId, listingId, msg.sender, promoter, price, buyerPublicKey, deadline);

        if (token != address(0)) _pullExactly(token, price);
    }

    /// @inheritdoc IFileShop
    /// @dev The license is recorded with `_update`, which skips the ERC-1155 acceptance
    /// check: a buyer contract that rejects (or re-enters from) `onERC1155Received` must not
    /// be able to stop the payee and promoter from being paid.
    function deliver(uint256 purchaseId, bytes calldata sealedKey) external nonReentrant {
        StoredPurchase storage purchase = _purchases[purchaseId];
        PurchaseState state = purchase.state;
        if (state == PurchaseState.None) revert FileShopUnknownPurchase(purchaseId);
        uint256 listingId = purchase.listingId;
        StoredListing storage listing = _listings[listingId];
        if (msg.sender != listing.seller) revert FileShopNotSeller(listingId, msg.sender);
        if (state != PurchaseState.Pending) revert FileShopNotPending(purchaseId, state);
        uint64 deadline = purchase.deadline;
        if (block.timestamp >= deadline) revert FileShopDeadlinePassed(purchaseId, deadline);
        if (sealedKey.length != 80) revert FileShopInvalidSealedKey(sealedKey.length);

        purchase.state = PurchaseState.Delivered;
        address buyer = purchase.buyer;
        address promoter = purchase.promoter;
        uint256 amount = purchase.amount;
        uint256 promoterAmount = promoter == address(0) ? 0 : Math.mulDiv(amount, purchase.commissionBps, _BPS);
        // commissionBps <= 10000, so promoterAmount <= amount.
        uint256 payeeAmount;
        unchecked {
            payeeAmount = amount - promoterAmount;
        }
        _update(address(0), buyer, _singleton(listingId), _singleton(1));
        emit Delivered(purchaseId, listingId, promoter, sealedKey, payeeAmount, promoterAmount);

        address token = listing.token;
        _push(listing.payee, token, payeeAmount);
        _push(promoter, token, promoterAmount);
    }

    /// @inheritdoc IFileShop
    function refund(uint256 purchaseId) external nonReentrant {
        StoredPurchase storage purchase = _purchases[purchaseId];
        PurchaseState state = purchase.state;
        if (state == PurchaseState.None) revert FileShopUnknownPurchase(purchaseId);
        if (state != PurchaseState.Pending) revert FileShopNotPending(purchaseId, state);
        uint64 deadline = purchase.deadline;
        if (block.timestamp < deadline) revert FileShopDeadlineNotReached(purchaseId, deadline);

        purchase.state = PurchaseState.Refunded;
        address buyer = purchase.buyer;
        uint256 amount = purchase.amount;
        emit Refunded(purchaseId, buyer, amount);

        _push(buyer, _listings[purchase.listingId].token, amount);
    }

    /// @inheritdoc IFileShop
    function withdraw(address token) external nonReentrant {
        _withdraw(token, msg.sender);
    }

    /// @inheritdoc IFileShop
    function withdrawTo(address token, address recipient) external nonReentrant {
        if (recipient == address(0)) revert FileShopInvalidRecipient();
        _withdraw(token, recipient);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IFileShop
    function getListing(uint256 listingId) external view returns (Listing memory) {
        StoredListing storage listing = _listings[listingId];
        return Listing({
            seller: listing.seller,
            payee: listing.payee,
            token: listing.token,
            price: listing.price,
            commissionBps: listing.commissionBps,
            deliveryWindow: listing.deliveryWindow,
            status: listing.status,
            keyCommitment: listing.keyCommitment,
            cid: listing.cid
        });
    }

    /// @inheritdoc IFileShop
    function getPurchase(uint256 purchaseId) external view returns (Purchase memory) {
        StoredPurchase storage purchase = _purchases[purchaseId];
        StoredListing storage listing = _listings[purchase.listingId];
        return Purchase({
            listingId: purchase.listingId,
            buyer: purchase.buyer,
            promoter: purchase.promoter,
            payee: listing.payee,
            token: listing.token,
            amount: purchase.amount,
            commissionBps: purchase.commissionBps,
            deadline: purchase.deadline,
            state: purchase.state,
            buyerPublicKey: purchase.buyerPublicKey
        });
    }

    /// @inheritdoc IFileShop
    function listingCount() external view returns (uint256) {
        return _listingCount;
    }

    /// @inheritdoc IFileShop
    function purchaseCount() external view returns (uint256) {
        return _purchaseCount;
    }

    /// @inheritdoc IFileShop
    function owed(address account, address token) external view returns (uint256) {
        return _owed[account][token];
    }

    /// @inheritdoc IFileShop
    function hasLicense(address account, uint256 listingId) external view returns (bool) {
        return balanceOf(account, listingId) > 0;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Licenses are soulbound: only minting (from address(0)) is allowed.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
    {
        if (from != address(0)) revert FileShopLicenseNotTransferable();
        super._update(from, to, ids, values);
    }

    /// @dev Pays the caller's credit in `token` to `recipient` with all available gas; if the
    /// transfer fails the whole call reverts, so the credit stays.
    function _withdraw(address token, address recipient) private {
        uint256 amount = _owed[msg.sender][token];
        if (amount == 0) revert FileShopNothingOwed(msg.sender, token);
        _owed[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount, recipient);

        bool sent = token == address(0)
            ? _sendEth(recipient, amount, gasleft())
            : IERC20(token).trySafeTransfer(recipient, amount);
        if (!sent) revert FileShopTokenTransferFailed(token);
    }

    /// @dev The listing `listingId`, which must exist and belong to the caller.
    function _sellersListing(uint256 listingId) private view returns (StoredListing storage listing) {
        listing = _listings[listingId];
        if (listing.status == ListingStatus.None) revert FileShopUnknownListing(listingId);
        if (listing.seller != msg.sender) revert FileShopNotSeller(listingId, msg.sender);
    }

    function _requireNotDelisted(uint256 listingId, StoredListing storage listing) private view {
        if (listing.status == ListingStatus.Delisted) revert FileShopListingNotActive(listingId, ListingStatus.Delisted);
    }

    /// @dev Takes `amount` of `token` from the caller and checks that exactly that much
    /// arrived, which refuses fee-on-transfer and rebasing-down tokens.
    function _pullExactly(address token, uint256 amount) private {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        if (!IERC20(token).trySafeTransferFrom(msg.sender, address(this), amount)) {
            revert FileShopTokenTransferFailed(token);
        }
        uint256 balanceAfter = IERC20(token).balanceOf(address(this));
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != amount) revert FileShopWrongPayment(amount, received);
    }

    /// @dev Pays `amount` of `token` to `account`, or credits it to `account` when the payment
    /// fails, so a hostile recipient can never block anyone else's payment.
    function _push(address account, address token, uint256 amount) private {
        if (amount == 0) return;
        bool sent = token == address(0)
            ? _sendEth(account, amount, _PUSH_GAS)
            : IERC20(token).trySafeTransfer(account, amount);
        if (!sent) {
            _owed[account][token] += amount;
            emit PaymentDeferred(account, token, amount);
        }
    }

    /// @dev An ETH call that copies no return data (a receiver cannot make us pay for a huge
    /// return buffer) and forwards at most `gasLimit`.
    function _sendEth(address to, uint256 amount, uint256 gasLimit) private returns (bool success) {
        assembly ("memory-safe") {
            success := call(gasLimit, to, amount, 0, 0, 0, 0)
        }
    }

    function _singleton(uint256 value) private pure returns (uint256[] memory array) {
        array = new uint256[](1);
        array[0] = value;
    }
}
